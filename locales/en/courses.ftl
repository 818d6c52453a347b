# Online courses, learning, reports

nav-courses = Courses
nav-learning = My learning
nav-staff = Staff
error-prefix = Error:

topic-voluntary_services = Voluntary services
topic-trauma_informed = Trauma-informed practice
topic-rights_based = Rights-based work
topic-labor_trafficking = Labor trafficking
topic-sex_trafficking = Sex trafficking
topic-housing = Housing and shelter
topic-safety_planning = Safety planning
topic-harm_reduction = Harm reduction
topic-legal_immigration = Legal and immigration
topic-survivor_leadership = Survivor leadership
topic-youth = Youth
topic-organizational_policy = Organizational policy
language-en = English
language-es = Spanish

courses-title = Online courses
courses-lead = Self-paced courses for people who work with survivors: learn between shifts, on a phone or a computer, and earn a certificate with continuing-education hours.
courses-search-label = Find a course
courses-search = Search courses
courses-topic = Topic
courses-audience = Who it is for
courses-language = Language
courses-length = Length
courses-length-short = Under 1 hour
courses-length-medium = 1 to 3 hours
courses-length-long = Over 3 hours
courses-any = Any
courses-filter = Show courses
courses-count = { $count ->
    [one] 1 course
   *[other] { $count } courses
}
courses-none = No course matches these filters. Try fewer filters or other words.
courses-hours = { $hours } hours
courses-ce-hours = { $hours } CE hours
courses-progress = { $percent }% complete
courses-back = All courses

course-draft-notice = This course is a draft: learners cannot see it yet.
course-fact-hours = Estimated time (hours)
course-fact-ce = Continuing-education hours
course-no-ce = None
course-fact-lessons = Lessons
course-fact-language = Language
course-fact-audience = Who it is for
course-fact-pass = To pass
course-pass-score = { $score }% on the post-test
course-your-progress = Your progress
course-step-pretest = Pre-test
course-step-lessons = Lessons seen
course-step-checks = Knowledge checks answered
course-step-posttest = Post-test passed
course-completed = You completed this course.
course-download-certificate = Download certificate (PDF)
course-view-certificate = Verification page
course-evaluate = Evaluate the course
course-start = Start the course
course-continue = Continue
course-enroll = Enroll in this course
course-signin-to-enroll = Sign in to enroll
course-objectives = What you will be able to do
course-outline = Outline
course-lesson-seen = Seen
course-video-title = Video for this lesson
course-post-locked = The post-test opens once you have seen every lesson and answered every required knowledge check.
course-pre-done = You have already taken the pre-test.
course-post-passed = You have passed the post-test.
course-post-no-attempts = You have used every attempt at the post-test. Contact the institute if you would like to try again.
error-course-draft = This course is not open for enrollment yet.

flash-course-enrolled = You are enrolled. Start with the pre-test: it shows what you already know, and it is not graded.
flash-course-enroll-first = Enroll in the course first.
flash-course-pretest-first = Take the pre-test first; the lessons open right after it.
flash-answer-saved = Your answer is saved.
flash-test-already-submitted = That test was already submitted, so the answer was not changed.
flash-evaluation-after = The evaluation opens once you have passed the post-test.
flash-evaluation-thanks = Thank you. Your evaluation helps the institute improve the course.

question-all-that-apply = (select all that apply)
question-optional = (optional)
error-answer-required = Choose an answer.
error-answer-required-multiple = Choose at least one answer.
error-answer-one = Choose only one answer.
error-answer-invalid = That answer is not one of the choices.

lesson-breadcrumb = You are here
lesson-number = Lesson { $n } of { $total }
lesson-resources = Resources for this lesson
lesson-checks = Check your understanding
lesson-pager = Lessons
lesson-finish = Next step
check-answer = Check my answer
check-answer-again = Answer again
check-correct = Correct.
check-not-quite = Not quite.

test-title-pre = Pre-test
test-title-post = Post-test
test-intro-pre = Answer what you can before the lessons; your score is not graded. Taking the same ideas again in the post-test shows what you learned.
test-intro-post = Answer every question, then submit. Each answer is saved as you go, so you can leave and come back.
test-attempts-left = { $count ->
    [one] This is your last attempt.
   *[other] You have { $count } attempts left, including this one.
}
test-answered = { $n } of { $total } answered
test-question-n = Question { $n } of { $total }
test-save-back = Save and go back
test-save-next = Save and next
test-save-review = Save and review
test-review = Review and submit
test-question-link = Question { $n }
test-answered-yes = answered
test-answered-no = not answered yet
test-unanswered-warning = Unanswered questions count as wrong.
test-submit = Submit the test
test-see-results = See your last results

results-title-pre = Pre-test results
results-title-post = Post-test results
results-score = Your score: { $score }%
results-passed = You passed. The course is complete once every lesson and check is done.
results-failed = You need { $score }% to pass. Review the lessons and try again.
results-pre-note = This is your starting point. The lessons are open now.
results-certificate = Your certificate
results-certificate-code = Verification code: { $code }
results-answers = Your answers
results-you-chose = You chose: { $choice }
results-retry = Try the post-test again

evaluation-title = Course evaluation
evaluation-intro = Three quick ratings and, if you like, a comment. Your answers are seen by institute staff, not shared with your employer.
evaluation-q-relevance = The course was relevant to my work.
evaluation-q-clarity = The lessons were clear.
evaluation-q-usefulness = I will use what I learned.
evaluation-scale-1 = 1 strongly disagree
evaluation-scale-2 = 2 disagree
evaluation-scale-3 = 3 neutral
evaluation-scale-4 = 4 agree
evaluation-scale-5 = 5 strongly agree
evaluation-comment = Comment (optional)
evaluation-submit = Send evaluation
evaluation-done = You have already evaluated this course. Thank you.
error-rating-required = Choose a rating from 1 to 5.
error-comment-long = Keep the comment under 2,000 characters.

learning-title = My learning
learning-overall = Progress across your courses
learning-hours = Learning hours earned
learning-ce-hours = Continuing-education hours earned
learning-in-progress = In progress
learning-none-in-progress = Nothing in progress.
learning-browse = Browse courses
learning-completed = Completed courses
learning-none-completed = No completed courses yet.
learning-col-course = Course
learning-col-completed = Completed
learning-col-hours = Hours / CE hours
learning-col-score = Pre-test → post-test
learning-certificates = Certificates
learning-no-certificates = Certificates appear here when you complete a course.

report-title = Course report
report-back = All courses
report-enrolled = Enrolled
report-completed = Completed
report-pairs = Learners with both tests
report-pre-avg = Average pre-test score
report-post-avg = Average post-test score
report-gain = Average knowledge gain
report-points = { $points } points
report-gain-note = Gain pairs each learner's pre-test with their latest post-test; learners who took only one are left out.
report-by-org = By organization
report-no-orgs = No enrolled learner belongs to an organization yet.
report-col-org = Organization
report-col-learners = Learners
report-col-completed = Completed
report-col-pairs = Both tests
report-col-pre = Pre
report-col-post = Post
report-col-gain = Gain (points)
report-evaluations = Evaluations
report-evaluation-count = { $count ->
    [one] 1 evaluation
   *[other] { $count } evaluations
}
report-comments = Comments

org-training-title = Staff training
org-training-intro = Online courses and live trainings of everyone in the organization. A person counts as trained once they complete a course or attend every session of a training.
org-training-trained = { $trained } of { $members } staff trained
org-training-completions = { $count ->
    [one] 1 course completed
   *[other] { $count } courses completed
}
org-training-attendances = { $count ->
    [one] 1 live training attended
   *[other] { $count } live trainings attended
}
org-training-col-person = Person
org-training-col-item = Course or training
org-training-col-status = Status
org-training-col-certificate = Certificate
org-training-kind-course = Online course
org-training-kind-training = Live training
org-training-completed = Completed { $date }
org-training-lessons = In progress: { $seen } of { $total } lessons seen
org-training-registered = Registered · starts { $date }
org-training-waitlisted = On the waitlist
org-training-attended = Attended { $attended } of { $sessions } sessions
org-training-absent = Did not attend
org-training-event-cancelled = The training was cancelled
org-training-none = No courses or trainings yet
org-training-link = Staff training
