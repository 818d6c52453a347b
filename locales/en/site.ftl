## About, contact and privacy pages, and the footer's links.

footer-nav-label = About this site
footer-about-link = About
footer-contact = Contact
footer-privacy = Privacy
footer-verify = Check a certificate

about-title = About
about-heading = About { $institute }
about-lead = { $institute } helps the programs that serve survivors of human trafficking offer help without strings attached.
about-why = A person who has escaped trafficking may arrive at a shelter or a service program after months or years of someone else controlling their phone, their movements, their work and their days. When help then comes with conditions (hand in your phone, do the chores, attend services, be back by curfew, or lose your place), it can feel like more of the same. Most programs that work this way mean well. They have rarely had the chance to see their rules through a survivor's eyes.
about-approach = We work with those programs: shelters, case management, legal, health and outreach services. Together we look for ways of working that are voluntary, client-centered, trauma-informed and rights-based, so that survivors choose what help they take and keep control of their own lives while they get it.
about-what-heading = What we do
about-training-title = Training
about-training-body = Live trainings, in person and online, and self-paced online courses, led and written by facilitators with long experience in the field. Courses and trainings give certificates and continuing-education hours.
about-resources-title = Resources
about-resources-body = A free library of fact sheets, tools, templates and guides that programs can adapt and use the next day.
about-ta-title = Technical assistance
about-ta-body = Help with a particular question: a policy you are rewriting, a practice you are unsure of, a situation your team has not met before. Tell us what you are working on and a facilitator with the right experience will answer.
about-review-title = Policy review
about-review-body = Paste in your house rules, resident handbook or client agreement and see which clauses make help conditional, why that can harm, and wording that keeps services voluntary. Your text is not kept unless you choose to save it.
about-who-heading = Who we work with
about-who-body = Anyone whose work brings them into contact with survivors: program directors and managers, case managers, advocates, attorneys, health workers, outreach staff and volunteers. Our training and resources are written for people who are busy, and who care about getting this right.
about-contact-cta = Get in touch

contact-title = Contact us
contact-intro = Write to { $institute } about a training, a course, technical assistance for your program, or anything else. A person reads every message and answers by email, usually within a few working days.
contact-email-lead = You can also email us directly at
contact-email-hint = We reply to this address.
contact-topic = What is it about?
contact-topic-training = A live training
contact-topic-course = An online course
contact-topic-assistance = Technical assistance for my program
contact-topic-press = Press and media
contact-topic-other = Something else
contact-message = Your message
contact-message-hint = Please do not include details that could identify a survivor.
contact-submit = Send message
contact-privacy = Your message goes to the institute by email. How the site handles it:
contact-sent-title = Thank you, your message is on its way
contact-sent-body = We read every message and will answer by email, usually within a few working days.
contact-sent-home = Back to the home page
error-contact-topic = Choose what your message is about.
error-contact-message-required = Write your message.
error-contact-message-long = Your message is too long: please keep it under { $max } characters.
email-contact-subject = Contact form: { $topic }, from { $name }
email-contact-body =
    { $name } <{ $email }> wrote through the contact page about: { $topic }

    { $message }

    Reply to this email to answer { $name } directly.

privacy-title = Privacy
privacy-lead = What this site keeps about you, for how long, who sees it, and how to get a copy or delete it. This page describes what the software does; { $institute } runs it.
privacy-account-heading = Your account
privacy-account-body = Your account holds your name, email address, password (kept only in a scrambled form that cannot be turned back into the password), your role, your language, and, if you turn it on, the secret behind your authenticator-app codes. It is kept until you delete the account.
privacy-sessions = When you sign in, the site remembers that browser with a cookie. It also notes when you signed in, when you were last active, the internet address and the browser's description, so you can see and end your sessions. A session ends when you sign out, after { $idle } minutes without activity, and at the latest { $hours } hours after you signed in; its record is deleted within the hour after it ends.
privacy-links = Links we email you to reset your password work for { $reset } minutes; links to confirm your address work for { $verify } hours.
privacy-links-change = Links to confirm a new address work for { $hours } hours. A record that a link was sent (without the link) stays until you delete your account.
privacy-tokens = API tokens you create are shown to you once; the site keeps only a scrambled form, the name you gave it and when it was last used, until you revoke it or delete your account.
privacy-audit = A security log records sign-ins, failed sign-in attempts, changes to your account and actions by staff, with the time and internet address. It is kept without a time limit so that misuse can be traced. When you delete your account, the log keeps your account number but no longer your name or email address. Administrators can read the log.
privacy-learning-heading = Trainings, courses and certificates
privacy-registrations = When you register for a live training, we keep your registration and your answers to its questions (access needs, an interpreter, dietary needs and any others the training asks). The institute's staff see them to plan the training; facilitators see who is registered and take attendance.
privacy-courses = For online courses we keep which lessons you opened, your answers to knowledge checks and tests, and your scores. The institute's staff see course results; managers of an organization you belong to see which courses its members are taking, whether they finished, and their certificates.
privacy-evaluations = Evaluations are shown without your name: course evaluations to the institute's staff, training evaluations to staff and to that training's facilitators.
privacy-certificates = Certificates carry your name, the course or training, the date and the hours. Anyone with a certificate's code can check it on the certificate page. Certificates are kept even if you delete your account, no longer linked to it, so that a certificate you have shown an employer or a licensing board can still be checked.
privacy-orgs-heading = Organizations and policy reviews
privacy-orgs = If you belong to an organization, its other members and managers see your name, email address, role and when you joined, and staff of the institute see the organizations and their members.
privacy-review = Text you paste or upload to the policy review is checked and then discarded; it is not kept unless you choose to save the review for your organization. A saved review is visible to the members of that organization and stays with the organization if you delete your account.
privacy-visits-heading = Visits, downloads and messages
privacy-library = Downloads from the resource library are counted per item and month; who downloaded is not recorded.
privacy-logs = The server's logs record which kind of page was asked for, the result and how long it took; not who asked or from which address.
privacy-limits = To stop password guessing and spam, the site counts attempts at signing in, signing up, resetting a password and sending the contact form per internet address, and for signing in and password resets also per email address. These counts are deleted after a day.
privacy-emails = A copy of each email the site sends you stays in its outgoing-mail queue; the copies are removed when you delete your account.
privacy-contact-form = Messages sent through the contact page are emailed to the institute, with your address to reply to. Like every email, a copy stays in the outgoing-mail queue; it is removed if you delete an account with the address you wrote from.
privacy-rights-heading = Getting a copy, and deleting your account
privacy-export = You can download everything the site keeps about you at any time, as readable files with an explanation of each one.
privacy-export-link = Download your data
privacy-delete = You can delete your account yourself. Your registrations, course progress, answers and sessions go with it; certificates, saved policy reviews and the security log stay as described above.
privacy-delete-link = Delete your account
privacy-questions = Questions about your data:
