## Live trainings: checks on an event, from the staff form and the API alike

error-event-title-required = Enter a title.
error-event-title-long = Use 200 characters or fewer.
error-event-slug = Use lowercase letters, digits and hyphens only, up to 80 characters (for example "voluntary-services-chicago").
error-event-slug-taken = Another training already uses this address. Choose a different one.
error-event-description-long = Use 20,000 characters or fewer.
error-event-format = Choose in person, virtual or hybrid.
error-event-timezone = Choose the time zone the sessions are held in.
error-event-venue = Enter the venue's name for an in-person training.
error-event-address = Enter the street address for an in-person training.
error-event-city = Enter the city for an in-person training.
error-event-state = Choose a state or territory from the list.
error-event-join-url = Enter the link people use to join, starting with https:// (for example https://meet.example.org/abc).
error-event-capacity = Enter the number of places, a whole number from 1 to 10,000.
error-event-audience = Choose audiences from the list.
error-event-topics-required = Choose at least one topic.
error-event-topics = Choose topics from the list.
error-event-language = Choose a language from the list.
error-event-ce-hours = Enter continuing-education hours as a number such as 3 or 1.5 (at most two decimals), or leave it empty.
error-event-questions-many = Ask at most 6 questions of your own.
error-event-question-long = Use 200 characters or fewer for a question.
error-event-sessions-required = Add at least one session with a date, a start and an end.
error-event-sessions-many = A training can have at most 12 sessions.
error-event-time = Enter a date like 2026-12-03 and times like 09:30.
error-event-time-skipped = This time does not exist on that day: the clocks go forward. Choose a time after the change.
error-event-session-order = The session must end after it starts.
error-event-session-long = A session can last at most 24 hours; split longer trainings into several sessions.
error-event-sessions-overlap = Two sessions overlap. Check their dates and times.
error-event-registration-opens = Enter when registration opens, as a date and time.
error-event-registration-closes = Enter when registration closes, as a date and time.
error-event-registration-order = Registration must close after it opens.
error-event-registration-after = Registration must close before the first session ends.
error-event-facilitators = Choose facilitators from the list of people with the facilitator role.
error-event-capacity-below = There are more confirmed places than this. Lower the capacity only after removing people by hand.

## Registration questions (shared by the form and the API)
registration-access = Do you have access needs we should plan for?
registration-access-hint = For example step-free access, captioning, a quiet room, large print or breaks. Only the training team sees this.
registration-interpreter = Do you need an interpreter? If so, for which language?
registration-interpreter-hint = Include sign languages, for example "ASL" or "Spanish". Leave empty if not.
registration-dietary = Dietary needs for meals and snacks
error-registration-required = Answer this question to register.
error-registration-long = Use 1,000 characters or fewer.
error-registration-language-long = Use 80 characters or fewer.
error-registration-unknown = This training does not ask this question.
