## Live trainings: the list, a training's page, registering, my trainings, evaluation

nav-trainings = Trainings
nav-facilitating = My events
trainings-title = Live trainings
trainings-lead = In-person, online and hybrid trainings led by practitioners. Times are shown in each training's own time zone.
trainings-search-label = Find a training
trainings-search = Search
trainings-topic = Topic
trainings-format = Format
trainings-format-in_person = In person
trainings-format-virtual = Online
trainings-format-hybrid = Hybrid (in person and online)
trainings-state = State
trainings-language = Language
trainings-any = Any
trainings-filter = Show trainings
trainings-view-list = List
trainings-view-calendar = Calendar
trainings-month = { $month } { $year }
trainings-month-prev = Previous month
trainings-month-next = Next month
trainings-day-mon = Mon
trainings-day-tue = Tue
trainings-day-wed = Wed
trainings-day-thu = Thu
trainings-day-fri = Fri
trainings-day-sat = Sat
trainings-day-sun = Sun
trainings-count = { $count ->
    [one] One training
   *[other] { $count } trainings
}
trainings-sessions = { $count ->
    [one] one session
   *[other] { $count } sessions
}
trainings-none = No upcoming training matches. Try fewer filters, or look at the online courses.
trainings-online = Online
trainings-ce-hours = { $hours } CE hours
trainings-seats-left = { $count ->
    [one] 1 place left
   *[other] { $count } places left
}
trainings-seats-full = Full: join the waitlist
trainings-seats-soon = Registration opens { $date }
trainings-seats-closed = Registration closed
trainings-seats-cancelled = Cancelled
trainings-seats-over = This training has taken place
trainings-back = All trainings
trainings-breadcrumb = Training
trainings-draft-notice = Draft: only staff can see this training.
trainings-cancelled-notice = This training has been cancelled.
trainings-fact-when = When
trainings-fact-format = Format
trainings-fact-where = Where
trainings-fact-accessibility = Accessibility
trainings-fact-online = Joining online
trainings-online-note = The link to join is shown here and emailed once your place is confirmed.
trainings-fact-ce = Continuing-education hours
trainings-no-ce = None
trainings-fact-language = Language
trainings-fact-audience = For
trainings-fact-topics = Topics
trainings-fact-facilitators = Facilitators
trainings-fact-seats = Places
trainings-add-calendar = Add to my calendar (.ics)
trainings-your-place = Your place
trainings-place-confirmed = Your place is confirmed. We emailed you the details and a calendar invitation.
trainings-place-waitlisted = You are number { $position } on the waitlist. If a place frees up, it is yours automatically and we email you.
trainings-place-cancelled = You cancelled your place. You can register again.
trainings-join = Join online:
trainings-your-answers = What you told us
trainings-cancel = Cancel my place
trainings-leave-waitlist = Leave the waitlist
trainings-full-waitlist = This training is full. Join the waitlist and you will get the first place that frees up, in order.
trainings-optional = (optional)
trainings-register = Register
trainings-join-waitlist = Join the waitlist
trainings-signin-to-register = Sign in to register
trainings-signup = Create an account
trainings-about = About this training
trainings-video-title = Video
trainings-download-certificate = Download certificate
trainings-view-certificate = View certificate
trainings-evaluate = Evaluate this training
error-training-closed = Registration for this training is not open.
flash-training-confirmed = Your place is confirmed. Check your email for the calendar invitation.
flash-training-waitlisted = The training is full, so you are on the waitlist. We will email you if a place frees up.
flash-training-already = You already have a place at this training.
flash-training-cancelled = Your place is cancelled. Changed your mind? You can take it back for a few minutes below.
flash-training-undone = Your place is back, exactly as it was.
flash-training-undo-too-late = It is too late to take that place back. You can register again if places are open.
flash-training-not-registered = You have no place at this training.

my-trainings-title = My trainings
my-trainings-find = Find a training
my-trainings-upcoming = Coming up
my-trainings-past = Past trainings
my-trainings-none = You have no upcoming trainings.
my-trainings-none-past = No past trainings yet.
my-trainings-confirmed = Place confirmed
my-trainings-waitlisted = Waitlist: number { $position }
my-trainings-cancelled = Cancelled

feed-title = Your trainings in your calendar
feed-intro = Subscribe to this address in Google Calendar, Outlook or Apple Calendar to see your trainings there, kept up to date. Keep it private: it includes the links to join online.
feed-address = Calendar address
feed-reset = Make a new address
flash-feed-reset = Your calendar has a new address. The old one no longer works; subscribe again with the new one.

evaluation-event-title = Training evaluation
evaluation-event-intro = Four quick ratings and, if you like, a comment. Facilitators and institute staff see the results; your employer does not.
evaluation-event-q-relevance = The training was relevant to my work.
evaluation-event-q-clarity = The content was clear.
evaluation-event-q-usefulness = I will use what I learned.
evaluation-event-q-facilitation = The facilitators led the training well.
error-evaluation-rating = Choose a rating from 1 to 5.
error-evaluation-comment-long = Use 2,000 characters or fewer.
error-evaluation-early = You can evaluate the training once it has ended.
flash-event-evaluation-thanks = Thank you. Your evaluation was received.
flash-event-evaluation-already = You had already evaluated this training. Thank you.

# Giving up a place: the confirmation, and taking it back
trainings-give-up-title = Give up your place?
trainings-give-up-body = You have a confirmed place at { $title }:
trainings-give-up-waiting = { $count ->
    [one] One person is waiting for a place. The next person waiting will get yours and we will email them.
   *[other] { $count } people are waiting for a place. The next person waiting will get yours and we will email them.
}
trainings-give-up-open = Your place will be free for someone else to take.
trainings-give-up-undo = { $count ->
    [one] If you change your mind, you can take it back within a minute; we keep it for you until then.
   *[other] If you change your mind, you can take it back within { $count } minutes; we keep it for you until then.
}
trainings-give-up-confirm = Yes, give up my place
trainings-keep-place = No, keep it
trainings-leave-title = Leave the waitlist?
trainings-leave-body = You are number { $position } on the waitlist for { $title }. If you join again later, you go to the back of the list.
trainings-leave-confirm = Yes, leave the waitlist
trainings-undo-place = You gave up your place. We are keeping it for you until { $until } in case you change your mind; after that it goes to the next person waiting.
trainings-undo-waitlist = You left the waitlist. You can take your place in the queue back until { $until }.
trainings-undo = Take my place back

## Month calendar on narrow screens
trainings-month-none = No training that matches has a session this month.
