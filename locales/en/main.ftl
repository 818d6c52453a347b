## Site and layout
site-name = tta
skip-to-content = Skip to main content
nav-label = Main
nav-home = Home
nav-organizations = Organizations
nav-admin = Admin
nav-account = Your account
nav-signin = Sign in
nav-signup = Create an account
nav-signout = Sign out
footer-about = Training and technical assistance for programs that serve survivors of human trafficking: voluntary, client-centered, trauma-informed and rights-based.
save = Save
search = Search
filter = Filter
choose = Choose…
actions = Actions
never = Never
table-scroll-label = Table; scroll sideways to see every column
form-has-errors = There is a problem

## Formatting
fmt-group-separator = ,
fmt-date = { $month } { $day }, { $year }
fmt-datetime = { $date } at { $time } UTC
month-1 = January
month-2 = February
month-3 = March
month-4 = April
month-5 = May
month-6 = June
month-7 = July
month-8 = August
month-9 = September
month-10 = October
month-11 = November
month-12 = December

## Home
home-title = Home
home-heading = Help that never comes with conditions
home-lead = Training, tools and expert advice for shelters, case managers, legal, health and outreach programs, so that every survivor who asks for help is met with choice, not control.
home-cta-signup = Create a free account
home-cta-signin = or sign in
home-cta-account = Go to your account
home-what-heading = What you will find here
home-card-train-title = Training
home-card-train-body = Online courses and live trainings on voluntary services, trauma-informed care and rights-based work with survivors of labor and sex trafficking.
home-card-tools-title = Fact sheets and tools
home-card-tools-body = Templates, guides and fact sheets your program can use tomorrow, in English and Spanish.
home-card-ta-title = Technical assistance
home-card-ta-body = Ask our facilitators for help with a policy, a practice or a hard situation, and get an answer from people who have done the work.
home-card-orgs-title = For your whole team
home-card-orgs-body = Bring your colleagues in, see who has trained, and review your program against the field's standards.

## Roles
role-learner = Learner
role-facilitator = Facilitator
role-staff = Staff
role-admin = Admin
member-role-manager = Manager
member-role-member = Member

## Form fields
field-name = Full name
field-email = Email address
field-password = Password
field-new-password = New password
field-current-password = Current password
field-new-email = New email address
field-totp-code = Six-digit code
field-token-name = Token name
field-colleague-email = Colleague's email address
field-delete-confirm = Type { $word } to confirm
hint-email-verify = We will send a link to this address to confirm it is yours.
hint-new-email = We will send a link to the new address; the change happens when you open it.
hint-password = At least 10 characters. A phrase of several words is easy to remember and hard to guess.
hint-totp-code = The code shown in your authenticator app.
hint-token-name = So you can tell your tokens apart, for example "reporting script".

## Errors beside fields
error-email-required = Enter your email address.
error-email-invalid = Enter an email address like name@example.org.
error-email-same = This is already your email address.
error-name-required = Enter your name.
error-name-long = Use 120 characters or fewer.
error-name-invalid = Use letters, spaces and punctuation only.
error-password-required = Enter your password.
error-password-short = Use at least { $min } characters.
error-password-long = Use 1,000 characters or fewer.
error-password-common = This password is too common or too easy to guess. Try a phrase of three or four unrelated words.
error-password-wrong = That password is not right.
error-signin-failed = The email address or password is not right.
error-signin-unverified = Please confirm your email address first. We have sent you a new link.
error-rate-limited = Too many attempts. Please wait a few minutes and try again.
signin-link-sent-title = Check your email to finish signing in
signin-link-sent-body = This account has had many failed sign-in attempts, so signing in from a browser it has not used before takes one more step. If the email address and password were right, we have sent a link to { $email } that finishes signing in. It works for 15 minutes.
signin-link-sent-again = Not received it? Check the spam folder, or try signing in again.
signin-link-sent-retry = Sign in again
signin-link-title = Finish signing in
signin-link-body = Press the button to finish signing in to tta in this browser.
signin-link-submit = Sign in
signin-link-gone = This sign-in link has expired or has already been used. Please sign in again.
error-totp-wrong = That code is not right. Check the time on your phone and try the newest code.
error-token-name-required = Enter a name for the token.
error-token-name-long = Use 80 characters or fewer.
error-delete-confirm = Type { $word } to confirm.
error-delete-sole-manager = You are the only manager of { $orgs }. Make a colleague a manager there first, or ask the institute to close the organization.
error-admin-self = You cannot change your own account here; ask another admin.
error-role-invalid = Choose a role from the list.
error-active-invalid = Choose active or inactive.
error-org-name-required = Enter the organization's name.
error-org-name-long = Use 160 characters or fewer.
error-org-kind = Choose the kind of program.
error-org-services = Choose services from the list.
error-org-state = Choose a state or territory.
error-org-size = Choose the number of staff.
error-member-role = Choose manager or member.
error-invite-member = This person is already a member.
error-last-manager = An organization needs at least one manager. Make someone else a manager first.

## Error pages
error-page-home-link = Go to the home page
error-page-400-title = Something in that request was not right
error-page-400-body = Please go back and try again.
error-page-403-title = You do not have access to this page
error-page-403-body = If you think you should, ask your organization's manager or the institute.
error-page-csrf-title = This form has expired
error-page-csrf-body = For your safety, forms only work for a while and only from this site. Go back, reload the page and send it again.
error-page-404-title = Page not found
error-page-404-body = The page may have moved, or the link may be mistyped.
error-page-405-title = That cannot be done here
error-page-405-body = This address does not accept that kind of request.
error-page-413-title = That was too large
error-page-413-body = The file or form you sent is larger than we accept.
error-page-429-title = Too many requests
error-page-429-body = Please wait a few minutes and try again.
error-page-500-title = Something went wrong on our side
error-page-500-body = It is not your fault. We have been told about it; please try again in a moment.

## Sign-up and verification
signup-title = Create an account
signup-intro = An account lets you enroll in trainings, earn certificates and work with your colleagues.
signup-submit = Create account
signup-have-account = Already have an account?
signup-sent-title = Check your email
signup-sent-body = If that address can be used for a new account, we have sent it a link. Open the link to confirm your address, then sign in. The link works for three days.
verify-done-title = Your email address is confirmed
verify-done-body = Thank you. You can now sign in.
verify-invalid-title = This link does not work any more
verify-invalid-body = It may have been used already or be more than a few days old.
verify-resend-link = Send a new link
resend-title = Send a new confirmation link
resend-intro = Enter the address you signed up with.
resend-submit = Send link

## Sign-in
signin-title = Sign in
signin-submit = Sign in
signin-forgot = Forgotten your password?
signin-no-account = New here?
totp-challenge-title = Enter your code
totp-challenge-intro = Open your authenticator app and enter the six-digit code for tta.
totp-challenge-submit = Continue

## Password reset
forgot-title = Reset your password
forgot-intro = Enter the email address of your account and we will send you a link to choose a new password.
forgot-submit = Send reset link
reset-sent-title = Check your email
reset-sent-body = If there is an account with that address, we have sent it a link to reset the password. The link works for one hour.
reset-title = Choose a new password
reset-submit = Save new password
reset-invalid-title = This reset link does not work any more
reset-invalid-body = It may have been used already or be more than an hour old.
reset-again-link = Ask for a new link

## Account
account-title = Your account
account-profile = Profile
account-role = Role
account-member-since = Member since
account-orgs = Your organizations
account-no-orgs = You are not part of an organization yet. Create one, or ask your manager to invite you.
account-change-email = Change email address
account-change-email-submit = Send confirmation link
account-change-password = Change password
account-change-password-submit = Change password
account-security = Security
account-sessions = { $count ->
    [one] You are signed in on 1 device or browser.
   *[other] You are signed in on { $count } devices or browsers.
}
account-signout-everywhere = Sign out everywhere else
account-totp-on = Two-step sign-in is on.
account-totp-off = Two-step sign-in is off.
account-totp-manage = Manage two-step sign-in
account-tokens = Personal API tokens
account-your-data = Your data
account-export = Download your data (a ZIP archive of readable files)
account-delete = Delete your account
email-taken-title = That address is already in use
email-taken-body = Another account uses that email address, so we could not change yours.
email-changed-title = Your email address has changed
email-changed-body = Use your new address the next time you sign in.

## Two-step sign-in
totp-title = Two-step sign-in
totp-setup-intro = Add a second step to signing in: after your password, you enter a code from an authenticator app on your phone.
totp-step-scan = Scan the QR code with your authenticator app, or type the key below into it.
totp-step-enter = Enter the six-digit code the app shows.
totp-qr-alt = QR code to add tta to an authenticator app
totp-secret-label = Key:
totp-enable-submit = Turn on two-step sign-in
totp-enabled-body = Two-step sign-in is on. You will be asked for a code each time you sign in.
totp-disable-heading = Turn it off
totp-disable-submit = Turn off two-step sign-in
totp-required-for-role = Staff and admin accounts keep two-step sign-in on. If you lose your phone, ask another admin to reset it.

## API tokens
tokens-title = Personal API tokens
tokens-intro = A token lets a script or another program use the tta API as you. Treat it like a password.
tokens-created = Here is your new token. Copy it now: it will not be shown again.
tokens-create = Create token
tokens-list = Your tokens
tokens-created-at = Created
tokens-last-used = Last used
tokens-revoke = Revoke { $name }

## Deletion
delete-title = Delete your account
delete-intro = This removes your account, your memberships and your sign-in sessions for good. Certificates you earned can no longer be shown to you. You may want to download your data first.
delete-confirm-word = DELETE
delete-submit = Delete my account

## Flash messages
flash-saved = Your changes are saved.
flash-signed-out = You have signed out.
flash-signed-out-elsewhere = You have been signed out on every other device.
flash-password-changed = Your password has changed, and you have been signed out everywhere else.
flash-password-reset = Your password has been reset. Sign in with your new password.
flash-email-change-sent = We have sent a confirmation link to the new address.
flash-totp-enabled = Two-step sign-in is on.
flash-totp-disabled = Two-step sign-in is off.
flash-token-revoked = The token has been revoked.
flash-account-deleted = Your account has been deleted.
flash-org-created = Your organization is set up. Invite your colleagues below.
flash-invite-sent = The invitation is on its way.
flash-invite-revoked = The invitation has been withdrawn.
flash-invite-accepted = Welcome! You are now a member.
flash-member-removed = The person has been removed from the organization.
flash-org-left = You have left the organization.

## Organizations
orgs-title = Organizations
orgs-mine = Your organizations
orgs-all = All organizations
org-new-title = Add your organization
org-edit-title = Edit organization
field-org-name = Organization name
field-org-kind = Kind of program
field-org-services = Services offered
field-org-state = State or territory
field-org-size = Number of staff
org-size-people = { $size } people
org-staff = Staff
org-managers = Managers
org-member-role = Role
org-joined = Joined
org-make-member = Make { $name } a member
org-make-manager = Make { $name } a manager
org-remove = Remove { $name }
org-invite = Invite a colleague
org-invite-intro = They will get an email with a link to join. Managers can invite others and see the staff list.
org-invite-submit = Send invitation
org-pending-invites = Invitations not yet accepted
org-invite-expires = expires { $date }
org-invite-revoke = Withdraw invitation to { $email }
org-leave = Leave this organization
org-kind-shelter = Shelter
org-kind-transitional_housing = Transitional housing
org-kind-drop_in = Drop-in center
org-kind-case_management = Case management
org-kind-legal = Legal services
org-kind-health = Health care
org-kind-mental_health = Mental health
org-kind-outreach = Outreach
org-kind-hotline = Hotline
org-kind-law_enforcement = Law enforcement
org-kind-coalition = Coalition or task force
org-kind-other = Other
org-service-emergency_shelter = Emergency shelter
org-service-housing = Housing
org-service-case_management = Case management
org-service-legal = Legal help
org-service-immigration = Immigration help
org-service-medical = Medical care
org-service-counseling = Counseling
org-service-substance_use = Substance use services
org-service-employment = Employment help
org-service-education = Education
org-service-interpretation = Interpretation
org-service-outreach = Outreach
org-service-hotline = Hotline
org-service-peer_support = Peer support
org-service-other = Other
invite-title = Invitation
invite-heading = You are invited to join { $org }
invite-role = You would join as: { $role }.
invite-signin-first = Sign in with { $email } to accept, or create an account with that address first.
invite-wrong-account = This invitation is for { $email }. Sign out and sign in with that address to accept it.
invite-accept = Accept invitation
invite-invalid-title = This invitation does not work any more
invite-invalid-body = It may have been accepted, withdrawn, or be more than two weeks old. Ask the person who invited you to send a new one.

## Admin
admin-users-title = People
admin-users-search = Find by name or email
admin-users-count = { $count ->
    [one] 1 person
   *[other] { $count } people
}
admin-status = Status
admin-active = Active
admin-inactive = Deactivated
admin-totp = two-step on
admin-unverified = unconfirmed
admin-role-for = Role for { $name }
admin-deactivate = Deactivate { $name }
admin-reactivate = Reactivate { $name }
admin-totp-reset = Reset two-step sign-in for { $name }
admin-audit-title = Audit log
admin-audit-filter = Show
admin-audit-all = Every action
admin-audit-count = { $count ->
    [one] 1 entry
   *[other] { $count } entries
}
admin-audit-when = When
admin-audit-who = Who
admin-audit-action = Action
admin-audit-target = About
admin-audit-ip = Address
admin-audit-detail = Detail

## Emails
email-verify-subject = Confirm your email address for tta
email-verify-body =
    Hello { $name },

    Please confirm your email address by opening this link:

    { $link }

    The link works for three days. If you did not create an account, you can ignore this email.
email-signup-exists-subject = Someone tried to create a tta account with your address
email-signup-exists-body =
    Hello { $name },

    Someone tried to create a new account with this email address, which already has one.
    If it was you, sign in here: { $signin }
    Forgotten your password? Reset it here: { $reset }

    If it was not you, you do not need to do anything.
email-signin-link-subject = Finish signing in to tta
email-signin-link-body =
    Hello { $name },

    Someone, most likely you, signed in to your tta account with the right password from a
    browser the account has not used before. The account has had many failed sign-in attempts
    lately, so we ask you to confirm it is you. To finish signing in, open this link:

    { $link }

    The link works for 15 minutes. If it was not you, do not open it: your password is known
    to someone else, so change it from your account page or with "Forgot your password?".
email-reset-subject = Reset your tta password
email-reset-body =
    Hello { $name },

    To choose a new password, open this link:

    { $link }

    The link works for one hour. If you did not ask for this, you can ignore this email; your password has not changed.
email-change-confirm-subject = Confirm your new email address for tta
email-change-confirm-body =
    Hello { $name },

    To use this address for your tta account, open this link:

    { $link }

    The link works for one day. If you did not ask for this, you can ignore this email.
email-changed-notice-subject = Your tta email address was changed
email-changed-notice-body =
    Hello { $name },

    The email address of your tta account was changed to { $new }.
    If you did not do this, reply to this email or contact the institute straight away.
email-invite-subject = { $inviter } invited you to join { $org } on tta
email-invite-body =
    Hello,

    { $inviter } invited you to join { $org } on tta, where your team takes trainings and finds tools for working with survivors.

    To accept, open this link:

    { $link }

    The invitation works for two weeks.

## Policy review
nav-review = Policy review
review-title = Review your program's rules
review-lead = Paste or upload your house rules, resident handbook or client agreement. tta reads it clause by clause and shows where help is made conditional or where a rule repeats a trafficker's control, why that harms, and what to write instead.
review-privacy = Your document is not kept. Only if you are signed in and choose to save the review to your organization is it stored, so you can compare it with a later version.
field-review-name = Name of the document
hint-review-name = For example "Resident handbook 2026". Optional.
field-review-text = Paste the text
field-review-file = Or upload a file
hint-review-file = Plain text, Markdown, HTML, Word (DOCX) or PDF, up to { $mb } MB. A file takes the place of pasted text.
review-submit = Review the rules
review-pasted-name = Pasted rules
error-review-empty = Paste the text of your rules, or choose a file to upload.
error-review-too-large = The document is larger than { $mb } MB. Split it, or paste the rules section only.
error-extract-file-too-large = The file is larger than { $mb } MB. Upload a shorter document, or split it into parts.
error-extract-text-too-large = The text in this document is larger than { $mb } MB. Upload a shorter document, or split it into parts.
error-extract-too-slow = This document took too long to read. Save it as plain text or Word and try again.
error-extract-too-much-memory = This document took too much memory to read. Save it as plain text or Word and try again.
error-extract-crashed = This document could not be read; it may be damaged. Save it as plain text or Word and try again.
error-extract-busy = Many documents are being read right now. Please try again in a minute.
error-extract-unavailable = Documents cannot be read right now. Please paste the text instead, or try again later.
error-review-upload = The upload did not arrive in one piece. Please try again.
error-review-format = Choose PDF or Markdown.
error-review-language = This document appears to be in { $language }. The policy review's rules read English only so far, so it was not reviewed: no result here would mean nothing, not an all-clear. Paste an English version, or ask the institute for a review by a person.
error-review-language-unknown = tta could not tell which language this document is in, and the policy review's rules read English only so far, so it was not reviewed. Paste an English version.
review-language-partly = About { $percent }% of this document is in another language. That part was not reviewed; findings below cover the English text only.
error-review-org = Choose one of your organizations.
review-result-title = Review of { $name }
review-summary = Summary
review-red-line = Red line
review-concern = Concern
review-by-category = Findings by kind
review-findings = Findings
review-document-text = Text of the document (scrolls)
review-document = The document, with findings highlighted
review-none = No clause makes help conditional or controlling. Read the rules once more with residents: they know best how rules feel.
review-clause = Clause
review-line = line { $line }
review-see-finding = see finding { $n }
review-why = Why it harms:
review-instead = Write instead:
review-standards = Goes against:
review-download-pdf = Download report (PDF)
review-download-md = Download report (Markdown)
review-save-heading = Save this review
review-save-intro = Saved reviews can be reopened by your organization and compared with a later version of the same rules.
review-save-org = Organization
review-save-submit = Save to organization
review-save-signin = To save this review for your organization and compare it later,
review-again = Review another document
review-new = Review a document
review-saved-title = Saved policy reviews
review-saved-none = No reviews saved yet.
review-saved-on = Saved { $date }
review-saved-all = All saved reviews
review-saved-date = Saved
review-saved-flagged = Clauses flagged
review-saved-by = Saved by
review-compare-with = Compare with another version
review-compare-submit = Compare
review-compare-heading = Compared with { $title }
review-compare-result = { $resolved } of { $total } findings resolved.
review-compare-resolved = Resolved
review-compare-new = New in the later version
review-pdf-title = Policy review: { $name }
review-pdf-date = Reviewed on { $date }
review-pdf-footer = policy review
review-pdf-note = This review is made by matching the wording of rules against a taxonomy of coercive practices. It can miss a rule or flag one in error; read it with your team and with the people who live under the rules.
org-reviews = Policy reviews
flash-review-saved = The review is saved to your organization.
flash-review-deleted = The review has been deleted.

## Site header on narrow screens
nav-menu = Menu
