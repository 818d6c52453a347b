## Live trainings: staff pages

staff-event-list-title = Live trainings
staff-event-new-title = New live training
staff-event-edit-title = Edit training
staff-event-create = Create training
staff-event-upcoming = Upcoming
staff-event-past = Past
staff-event-drafts = Drafts
staff-event-cancelled = Cancelled
staff-event-none = None.
staff-event-seats = { $confirmed } of { $capacity } places taken
staff-event-waitlisted = { $count ->
    [one] 1 waiting
   *[other] { $count } waiting
}
staff-event-format-in_person = In person
staff-event-format-virtual = Virtual
staff-event-format-hybrid = Hybrid
staff-event-registrations-link = Registrations
staff-event-section-about = About the training
staff-event-section-where = Where
staff-event-section-sessions = Sessions
staff-event-section-registration = Registration
staff-event-section-people = Facilitators and publishing
staff-event-field-title = Title
staff-event-field-slug = Web address
staff-event-hint-slug = The last part of the training's address, for example "voluntary-services-chicago". Leave empty to make one from the title.
staff-event-field-description = Description
staff-event-hint-description = What participants will learn and who it is for. Markdown is allowed.
staff-event-field-audience = Who it is for
staff-event-field-topics = Topics
staff-event-field-language = Language
staff-event-field-ce-hours = Continuing-education hours
staff-event-hint-ce-hours = For example 3 or 1.5. Leave empty if none.
staff-event-field-format = Format
staff-event-field-timezone = Time zone of the sessions
staff-event-field-venue = Venue
staff-event-hint-in-person = Needed for in-person and hybrid trainings.
staff-event-field-address = Street address
staff-event-field-city = City
staff-event-field-state = State or territory
staff-event-state-none = (none)
staff-event-field-join-url = Link to join
staff-event-hint-join-url = Needed for virtual and hybrid trainings. Only people with a confirmed place see it.
staff-event-field-accessibility = Accessibility
staff-event-hint-accessibility = Step-free access, captioning, quiet room, parking, breaks.
staff-event-hint-sessions = Enter each session's date and start and end times in the training's time zone ({ $zone }). Leave spare rows empty.
staff-event-session-n = Session { $n }
staff-event-field-session-title = Session title (optional)
staff-event-field-session-date = Date
staff-event-field-session-start = Starts
staff-event-field-session-end = Ends
staff-event-field-capacity = Places
staff-event-hint-capacity = { $count ->
    [one] 1 person holds a place now; the number of places cannot go below that.
   *[other] { $count } people hold a place now; the number of places cannot go below that.
}
staff-event-field-opens = Registration opens
staff-event-field-closes = Registration closes
staff-event-hint-local-time = In the training's time zone ({ $zone }).
staff-event-field-ask = Ask people who register about
staff-event-ask-access = Access needs
staff-event-ask-interpreter = Interpreting
staff-event-ask-dietary = Dietary needs (in-person only)
staff-event-field-questions = Questions of your own (up to 6)
staff-event-question-n = Question { $n }
staff-event-question-required = Question { $n } must be answered
staff-event-field-facilitators = Facilitators
staff-event-no-facilitators = Nobody has the facilitator role yet. An administrator can give it.
staff-event-field-published = Published
staff-event-hint-published = Published trainings are listed and open for registration between the dates above.
staff-event-flash-created = The training was created.
staff-event-flash-saved = Your changes were saved.
staff-event-flash-cancelled = The training is cancelled. Everyone registered or waiting is being told by email.
staff-event-flash-promoted = The person has a confirmed place and is being told by email.
staff-event-flash-moved = The waitlist order was changed.
staff-event-flash-removed = The place was removed; the next person waiting, if any, was given it.
staff-event-flash-full = Every place is taken. Raise the capacity or remove someone first.
staff-event-flash-gone = That registration has already changed. Here is the current list.
staff-event-cancel-title = Cancel this training
staff-event-cancel-explain = { $confirmed } people with a place and { $waitlisted } people waiting will be told by email. This cannot be undone.
staff-event-cancel-confirm = Yes, cancel the training
staff-event-cancel-keep = Keep the training
staff-event-cancel-unconfirmed = Confirm the cancellation with the button.
staff-event-already-cancelled = This training is already cancelled.
staff-event-is-cancelled = Cancelled
staff-event-is-draft = Draft
staff-event-confirmed = Confirmed
staff-event-waitlist = Waitlist
staff-event-cancelled-regs = Cancelled registrations
staff-event-public-page = Public page
staff-event-csv-registrations = Registrations (CSV)
staff-event-csv-attendance = Attendance (CSV)
staff-event-csv-evaluations = Evaluations (CSV)
staff-event-none-confirmed = Nobody has a confirmed place yet.
staff-event-none-waitlisted = Nobody is waiting.
staff-event-none-cancelled = No cancellations.
staff-event-registered-at = Registered { $when }
staff-event-cancelled-at = cancelled { $when }
staff-event-attended = present at { $present } of { $sessions } sessions
staff-event-remove = Remove
staff-event-promote = Give a place
staff-event-move-up = Move up
staff-event-move-down = Move down
staff-event-evaluations = Evaluations
staff-event-no-evaluations = No evaluations yet.
staff-event-evaluation-count = { $count ->
    [one] 1 evaluation
   *[other] { $count } evaluations
}
staff-event-rating = Question
staff-event-average = Average (1–5)
staff-event-score = Gave { $n }
staff-event-rating-relevance = Relevant to my work
staff-event-rating-clarity = Clear
staff-event-rating-usefulness = Useful in practice
staff-event-rating-facilitation = Well facilitated
staff-event-comments = Comments
staff-event-scores = Evaluation scores
staff-event-link = Live trainings

## Attendance (facilitators)

attendance-events-title = Trainings I facilitate
attendance-events-none = You are not facilitating any trainings.
attendance-events-all = Upcoming trainings: attendance
attendance-events-none-all = No upcoming trainings.
attendance-title = Attendance
attendance-choose-session = Session
attendance-show = Show
attendance-counts = { $present } present · { $absent } absent · { $unmarked } not marked
attendance-check-in = Check in
attendance-absent = Absent
attendance-state-present = Present
attendance-state-absent = Absent
attendance-state-unmarked = Not marked
attendance-none = Nobody has a confirmed place.
attendance-no-sessions = This training has no sessions.
attendance-flash-marked = Saved.
attendance-flash-certificate = Saved. They attended every session, so their certificate was issued.
attendance-flash-withdrawn = Saved. They no longer attended every session, so their certificate was withdrawn; marking them present again restores it.
attendance-flash-not-yet = Attendance for this session cannot be taken yet: it opens 30 minutes before the session starts.
attendance-not-yet = Attendance for this session opens at { $when }, 30 minutes before it starts. Certificates are issued once every session has ended.
attendance-certificate = Certificate issued
attendance-evaluations-title = Evaluations

## Sign-in sheet

signin-sheet-link = Sign-in sheet (PDF)
signin-sheet-title = Sign-in sheet
signin-sheet-name = Name
signin-sheet-signature = Signature
signin-sheet-venue = Venue: { $venue }
signin-sheet-online = Online
signin-sheet-count = { $count } confirmed

## Facilitator profiles

facilitator-list-title = Facilitators
facilitator-profile-title = Facilitator profile
facilitator-my-profile = My facilitator profile
facilitator-edit-title = Edit facilitator profile
facilitator-bio = About
facilitator-bio-hint = A short introduction: background, approach, the programs you have worked with. Up to 5,000 characters.
facilitator-expertise = Expertise
facilitator-languages = Languages
facilitator-languages-hint = Languages you train in, for example "English, Spanish, ASL".
facilitator-region = Region
facilitator-region-hint = Where you usually train, for example "Midwest" or "Southern California".
facilitator-upcoming = Upcoming trainings
facilitator-no-upcoming = No upcoming trainings.
facilitator-no-profile = This facilitator has not written a profile yet.
facilitator-view-public = View public profile
facilitator-edit = Edit
facilitator-role = Role
facilitator-none = Nobody has the facilitator role yet.
facilitator-flash-saved = The profile was saved.
facilitator-error-bio-long = Use 5,000 characters or fewer.
facilitator-error-expertise = Choose topics from the list.
facilitator-error-languages-long = Use 200 characters or fewer.
facilitator-error-region-long = Use 100 characters or fewer.
