## Live trainings: emails about a person's place

event-email-accessibility = Accessibility: { $notes }
event-email-join = Join online: { $link }
event-email-join-later = The link to join online is on the training's page once your place is confirmed.

event-email-confirmed-subject = Your place is confirmed: { $title }
event-email-confirmed-body =
    Hello { $name },

    You have a place at { $title }.

    When (local time at the training):
    { $when }

    Where:
    { $place }

    The attached calendar file adds the sessions to your calendar. Details, and a way to cancel if your plans change:
    { $link }

    All your trainings: { $mine }

event-email-waitlisted-subject = You are on the waitlist: { $title }
event-email-waitlisted-body =
    Hello { $name },

    { $title } is full, so you are number { $position } on the waitlist. If a place frees up, it goes to the first person on the list, and we will email you at once with the calendar invitation.

    When:
    { $when }

    Details, and a way to leave the waitlist:
    { $link }

event-email-promoted-subject = A place opened up for you: { $title }
event-email-promoted-body =
    Hello { $name },

    Good news: a place opened up and it is yours. You no longer need to do anything to keep it.

    When (local time at the training):
    { $when }

    Where:
    { $place }

    The attached calendar file adds the sessions to your calendar. If you can no longer come, please cancel so the next person can have the place:
    { $link }

event-email-cancelled-subject = Your registration is cancelled: { $title }
event-email-cancelled-body =
    Hello { $name },

    Your place at { $title } is cancelled. The attached file removes it from your calendar.

    If this was a mistake, you can register again while places remain:
    { $link }

event-email-event-cancelled-subject = Cancelled: { $title }
event-email-event-cancelled-body =
    Hello { $name },

    We are sorry: { $title } will not take place as planned. The attached file removes it from your calendar. Other trainings you may join are listed on the site:
    { $link }

event-email-reminder-week-subject = In one week: { $title }
event-email-reminder-week-body =
    Hello { $name },

    A reminder that { $title } starts in a week.

    When (local time at the training):
    { $when }

    Where:
    { $place }

    If you can no longer come, please cancel so someone on the waitlist can have your place:
    { $link }

event-email-reminder-day-subject = Tomorrow: { $title }
event-email-reminder-day-body =
    Hello { $name },

    { $title } starts tomorrow.

    When (local time at the training):
    { $when }

    Where:
    { $place }

    Details: { $link }

event-email-evaluation-subject = How was { $title }?
event-email-evaluation-body =
    Hello { $name },

    Thank you for taking part in { $title }. Four quick ratings and, if you like, a comment help the facilitators and the institute make the next training better. It takes two minutes:

    { $evaluation }

    If you attended every session, your certificate is on your trainings page: { $mine }
