## Course authoring (staff pages under /staff/courses)

author-list-title = Courses
author-list-table = Courses; scroll sideways to see every column
author-list-count = { $count ->
    [one] One course, drafts included
   *[other] { $count } courses, drafts included
}
author-list-empty = There are no courses yet.
author-new-title = New course
author-details-title = Course details
author-details-link = Details
author-outline-link = Course outline
author-report-link = Report
author-catalog-link = Course page
author-edit = Edit
author-create = Create course
author-cancel = Cancel
author-status = Status
author-status-draft = Draft
author-status-published = Published
author-col-lessons = Lessons
author-col-enrolled = Enrolled
author-col-completed = Completed

## Fields
author-field-title = Title
author-field-slug = Short name for addresses (slug)
author-field-summary = Summary
author-field-objectives = Learning objectives
author-field-audience = Who it is for
author-field-topics = Topics
author-field-language = Language
author-field-hours = Estimated hours
author-field-ce-hours = Continuing-education hours
author-field-passing-score = Passing score on the post-test (%)
author-field-max-attempts = Post-test attempts allowed
author-field-body = Lesson text
author-field-resources = Resources
author-field-prompt = Question
author-field-multiple = Select all that apply (more than one choice may be correct)
author-field-optional = Optional (learners may skip it and still complete the course)
author-field-choices = Choices
author-field-choice-text = Text
author-field-correct = Correct answer
author-field-feedback = Feedback shown after choosing it (optional)

author-hint-course-slug = Lowercase letters, digits and hyphens, used in the course's address; it cannot be changed later. Leave it blank to make one from the title.
author-hint-lesson-slug = Lowercase letters, digits and hyphens; it cannot be changed later. Leave it blank to make one from the title.
author-hint-summary = One or two sentences shown in the catalog.
author-hint-objectives = What a learner will be able to do afterwards, one per line.
author-hint-hours = For example 1.5 (at most two decimals).
author-hint-ce-hours = 0 when the course gives none.
author-hint-passing-score = A whole number from 1 to 100.
author-hint-max-attempts = 0 for unlimited.
author-hint-body = Markdown: ## for headings, - for lists, [text](https://address) for links. A line holding only a YouTube or Vimeo address shows the video.
author-hint-resources = One per line, as: Title | https://address (or an address on this site starting with /).
author-hint-prompt = One line.
author-hint-choices = Fill in at least two choices and mark the right one. Blank rows are left out.
author-hint-module-title = Leave it blank for “Module { $n }”.

## Errors beside fields
author-error-prefix = Error:
author-error-title-required = Enter a title.
author-error-summary-required = Enter a summary.
author-error-one-line = Keep this to one line.
author-error-too-long = This is too long: use at most { $max } characters.
author-error-slug = Use lowercase letters, digits and hyphens only, not starting or ending with a hyphen, at most 80 characters.
author-error-slug-required = Enter a slug: the title has no letters to make one from.
author-error-slug-taken = Another course already uses “{ $slug }”; choose a different slug.
author-error-lesson-slug-taken = Another lesson in this course already uses “{ $slug }”; choose a different slug.
author-error-unknown-choice = Choose only from the list.
author-error-audience-required = Choose at least one kind of program.
author-error-topics-required = Choose at least one topic.
author-error-language = Choose a language from the list.
author-error-hours = Enter the hours as a number more than 0, like 1.5.
author-error-ce-hours = Enter the hours as a number, like 1.5, or 0.
author-error-passing-score = Enter a whole number from 1 to 100.
author-error-max-attempts = Enter a whole number: 0 for unlimited, or the number of attempts.
author-error-body-heading = The text cannot contain the line “{ $line }”: the course files use it to start a section. Change the heading.
author-error-resource-format = Line { $line }: write the title, a “|” and the address.
author-error-resource-title = Line { $line }: the title is missing, longer than 200 characters, or contains “](”.
author-error-resource-url = Line { $line }: the address must start with https:// (or with / for a page on this site) and have no spaces.
author-error-prompt-required = Enter the question.
author-error-choice-text = Enter the text of this choice, or clear the row.
author-error-two-choices = Give at least two choices.
author-error-no-correct = Mark at least one choice as the correct answer.
author-error-one-correct = More than one choice is marked correct. Mark only one, or tick “Select all that apply”.
author-error-confirm-delete = Tick the box to confirm.
author-error-module-not-empty = The module “{ $title }” still has lessons. Move or delete them first.
author-error-last-module = A course needs at least one module.

## Changes that were not made
author-refused = This change was not made.
author-refused-invalid = This change was not saved because the course would not be valid:
author-refused-publish = The course cannot be published yet. Fix these problems first; it stays a draft.
author-refused-published = This course is published, so it must stay complete. Unpublish it first, or fix these problems:
author-problem-no-lessons = The course needs at least one lesson.
author-problem-empty-module = The module “{ $title }” has no lessons: add one or delete the module.
author-problem-no-pretest = The pre-test needs at least one question.
author-problem-no-posttest = The post-test needs at least one question.

## Outline
author-publishing = Publishing
author-published-text = This course is published: it is in the catalog and learners can enroll.
author-draft-text = This course is a draft: only staff can see it. Publishing checks that it is complete.
author-publish = Publish
author-unpublish = Unpublish
author-modules = Modules and lessons
author-module-default = Module { $n }
author-module-empty = No lessons yet.
author-module-title = Module title
author-module-title-n = Title of module { $n }
author-lessons-of = Lessons of “{ $title }”
author-checks-count = { $count ->
    [0] no knowledge checks
    [one] one knowledge check
   *[other] { $count } knowledge checks
}
author-choices-count = { $count ->
    [one] one choice
   *[other] { $count } choices
}
author-all-that-apply = select all that apply
author-add-lesson = Add a lesson
author-add-module = Add a module
author-add-question = Add a question
author-add-check = Add a knowledge check
author-rename = Rename
author-move-up = Move up
author-move-down = Move down
author-delete = Delete
author-sr-lesson = lesson “{ $title }”
author-sr-module = module “{ $title }”
author-sr-to-module = to the module “{ $title }”
author-sr-question = question { $n }
author-sr-pretest = to the pre-test
author-sr-posttest = to the post-test
author-pretest = Pre-test
author-pretest-hint = Asked before the first lesson. Comparing its scores with the post-test's shows what the course taught, so the two usually ask about the same ideas.
author-posttest = Post-test
author-posttest-hint = Learners need { $score }% or more on it to complete the course.
author-no-questions = No questions yet.

## Lessons
author-lesson-new = New lesson
author-lesson-edit = Edit lesson “{ $title }”
author-lesson-in-module = In the module “{ $title }”.
author-preview-button = Preview
author-preview = Preview
author-video-title = Video
author-checks = Knowledge checks
author-checks-hint = Questions shown after the lesson text. Learners must answer those that are not optional to complete the course.
author-delete-lesson = Delete this lesson
author-delete-lesson-title = Delete the lesson “{ $title }”?
author-delete-lesson-intro = { $count ->
    [0] The lesson and what learners have done in it will be gone for good.
    [one] The lesson, its knowledge check and what learners have done in it will be gone for good.
   *[other] The lesson, its { $count } knowledge checks and what learners have done in it will be gone for good.
}
author-delete-lesson-confirm = Yes, delete this lesson

## Questions
author-question-new-check = New knowledge check
author-question-new-pre = New pre-test question
author-question-new-post = New post-test question
author-question-edit-check = Edit knowledge check { $n }
author-question-edit-pre = Edit pre-test question { $n }
author-question-edit-post = Edit post-test question { $n }
author-choice-n = Choice { $n }

## Flash messages
author-flash-created = The course is created as a draft.
author-flash-saved = Your changes are saved.
author-flash-deleted = Deleted.
author-flash-moved = Moved.
author-flash-module-added = The module is added.
author-flash-lesson-added = The lesson is added.
author-flash-question-added = The question is added.
author-flash-published = The course is published.
author-flash-unpublished = The course is unpublished; it is a draft again.
