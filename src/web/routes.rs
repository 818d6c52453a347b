//! Every route tta serves, with who may use it. This table is the one place where access
//! is declared; the router is built from it and the access test walks it.

use axum::routing::{get, post, MethodRouter};

use crate::{
    accounts::{self, model::Role},
    api,
    app::AppState,
    certificates, courses, events, library, orgs, review, site,
    web::{access::Access, health, metrics, pages},
};

/// Document uploads may be larger than ordinary forms: the engine's limit plus room for
/// the rest of the form.
fn upload_limit() -> axum::extract::DefaultBodyLimit {
    axum::extract::DefaultBodyLimit::max(review::MAX_UPLOAD + 64 * 1024)
}

/// A library file plus the rest of its form.
fn library_upload_limit() -> axum::extract::DefaultBodyLimit {
    axum::extract::DefaultBodyLimit::max(library::upload::MAX_FILE_BYTES + 512 * 1024)
}

/// A certificate PDF is small; this leaves room for a scanned copy.
fn cert_upload_limit() -> axum::extract::DefaultBodyLimit {
    axum::extract::DefaultBodyLimit::max(6 * 1024 * 1024)
}

pub struct Route {
    pub method: &'static str,
    pub path: &'static str,
    pub access: Access,
    pub handler: MethodRouter<AppState>,
}

fn r(method: &'static str, path: &'static str, access: Access, handler: MethodRouter<AppState>) -> Route {
    Route { method, path, access, handler }
}

pub fn table() -> Vec<Route> {
    use Access::*;
    vec![
        // Site
        r("GET", "/", Public, get(pages::home)),
        r("GET", "/static/tta.css", Public, get(pages::stylesheet)),
        r("GET", "/healthz", Public, get(health::healthz)),
        r("GET", "/readyz", Public, get(health::readyz)),
        r("GET", "/metrics", Public, get(metrics::endpoint)),
        r("GET", "/about", Public, get(site::about)),
        r("GET", "/contact", Public, get(site::contact::form)),
        r("POST", "/contact", Public, post(site::contact::submit)),
        r("GET", "/contact/sent", Public, get(site::contact::sent)),
        r("GET", "/privacy", Public, get(site::privacy)),
        // Accounts: signing up and in
        r("GET", "/signup", Public, get(accounts::signup::form)),
        r("POST", "/signup", Public, post(accounts::signup::submit)),
        r("GET", "/signup/sent", Public, get(accounts::signup::sent)),
        r("GET", "/verify", Public, get(accounts::signup::resend_form)),
        r("POST", "/verify", Public, post(accounts::signup::resend)),
        r("GET", "/verify/{token}", Public, get(accounts::signup::verify)),
        r("GET", "/signin", Public, get(accounts::signin::form)),
        r("POST", "/signin", Public, post(accounts::signin::submit)),
        r("GET", "/signin/totp", Public, get(accounts::signin::totp_form)),
        r("POST", "/signin/totp", Public, post(accounts::signin::totp_submit)),
        r("POST", "/signout", Public, post(accounts::signin::signout)),
        r("GET", "/password/forgot", Public, get(accounts::reset::forgot_form)),
        r("POST", "/password/forgot", Public, post(accounts::reset::forgot_submit)),
        r("GET", "/password/forgot/sent", Public, get(accounts::reset::forgot_sent)),
        r("GET", "/password/reset/{token}", Public, get(accounts::reset::reset_form)),
        r("POST", "/password/reset/{token}", Public, post(accounts::reset::reset_submit)),
        // Accounts: one's own account
        r("GET", "/account", SignedIn, get(accounts::settings::show)),
        r("POST", "/account/profile", SignedIn, post(accounts::settings::update_profile)),
        r("POST", "/account/email", SignedIn, post(accounts::settings::change_email)),
        r("GET", "/account/email/confirm/{token}", Public, get(accounts::settings::confirm_email)),
        r("POST", "/account/password", SignedIn, post(accounts::settings::change_password)),
        r("POST", "/account/signout-everywhere", SignedIn, post(accounts::settings::signout_everywhere)),
        r("GET", "/account/totp", SignedIn, get(accounts::totp::show)),
        r("POST", "/account/totp", SignedIn, post(accounts::totp::enable)),
        r("POST", "/account/totp/disable", SignedIn, post(accounts::totp::disable)),
        r("GET", "/account/tokens", SignedIn, get(accounts::settings::tokens_page)),
        r("POST", "/account/tokens", SignedIn, post(accounts::settings::create_token)),
        r("POST", "/account/tokens/{id}/revoke", SignedIn, post(accounts::settings::revoke_token)),
        r("GET", "/account/export", SignedIn, get(accounts::data::export)),
        r("GET", "/account/delete", SignedIn, get(accounts::data::delete_form)),
        r("POST", "/account/delete", SignedIn, post(accounts::data::delete)),
        // Organizations
        r("GET", "/orgs", SignedIn, get(orgs::pages::list)),
        r("GET", "/orgs/new", SignedIn, get(orgs::pages::new_form)),
        r("POST", "/orgs/new", SignedIn, post(orgs::pages::create)),
        r("GET", "/orgs/{org}", OrgMember, get(orgs::pages::show)),
        r("GET", "/orgs/{org}/edit", OrgManager, get(orgs::pages::edit_form)),
        r("POST", "/orgs/{org}/edit", OrgManager, post(orgs::pages::update)),
        r("POST", "/orgs/{org}/invitations", OrgManager, post(orgs::invites::invite)),
        r("POST", "/orgs/{org}/invitations/{id}/revoke", OrgManager, post(orgs::invites::revoke)),
        r("POST", "/orgs/{org}/members/{user}/role", OrgManager, post(orgs::members::set_role)),
        r("POST", "/orgs/{org}/members/{user}/remove", OrgManager, post(orgs::members::remove)),
        r("POST", "/orgs/{org}/leave", OrgMember, post(orgs::members::leave)),
        r("GET", "/invitations/{token}", Public, get(orgs::invites::show)),
        r("POST", "/invitations/{token}", SignedIn, post(orgs::invites::accept)),
        // Policy review
        r("GET", "/review", Public, get(review::pages::form)),
        r("POST", "/review", Public, post(review::pages::submit).layer(upload_limit())),
        r("POST", "/review/report", Public, post(review::pages::download).layer(upload_limit())),
        r("POST", "/review/save", SignedIn, post(review::saved::save).layer(upload_limit())),
        r("GET", "/orgs/{org}/reviews", OrgMember, get(review::saved::list)),
        r("GET", "/orgs/{org}/reviews/{id}", OrgMember, get(review::saved::show)),
        r("GET", "/orgs/{org}/reviews/{id}/report", OrgMember, get(review::saved::download)),
        r("POST", "/orgs/{org}/reviews/{id}/delete", OrgManager, post(review::saved::delete)),
        // Online courses: catalog and learning
        r("GET", "/courses", Public, get(courses::pages::catalog)),
        r("GET", "/courses/{slug}", Public, get(courses::pages::show)),
        r("POST", "/courses/{slug}/enroll", SignedIn, post(courses::pages::enroll)),
        r("GET", "/courses/{slug}/continue", SignedIn, get(courses::learn::resume)),
        r("GET", "/courses/{slug}/lessons/{lesson}", SignedIn, get(courses::learn::lesson)),
        r("POST", "/courses/{slug}/lessons/{lesson}/checks/{question}", SignedIn, post(courses::learn::answer_check)),
        r("GET", "/courses/{slug}/tests/{part}", SignedIn, get(courses::learn::test_page)),
        r("POST", "/courses/{slug}/tests/{part}/answers/{question}", SignedIn, post(courses::learn::answer_test)),
        r("POST", "/courses/{slug}/tests/{part}/submit", SignedIn, post(courses::learn::submit_test)),
        r("GET", "/courses/{slug}/tests/{part}/results/{number}", SignedIn, get(courses::learn::test_results)),
        r("GET", "/courses/{slug}/evaluation", SignedIn, get(courses::learn::evaluation_form)),
        r("POST", "/courses/{slug}/evaluation", SignedIn, post(courses::learn::evaluation_submit)),
        r("GET", "/learning", SignedIn, get(courses::pages::my_learning)),
        r("GET", "/orgs/{org}/training", OrgManager, get(orgs::training::page)),
        // Certificates
        r("GET", "/certificates/verify", Public, get(certificates::pages::verify_form)),
        r("POST", "/certificates/verify", Public, post(certificates::pages::verify_submit).layer(cert_upload_limit())),
        r("GET", "/certificates/{code}", Public, get(certificates::pages::show)),
        r("GET", "/certificates/{code}/pdf", SignedIn, get(certificates::pages::download)),
        r("GET", "/staff/certificates", AtLeast(Role::Staff), get(certificates::pages::admin_list)),
        r("POST", "/staff/certificates/{id}/revoke", AtLeast(Role::Staff), post(certificates::pages::revoke)),
        // Course authoring and reports (staff)
        r("GET", "/staff/courses/{id}/report", AtLeast(Role::Staff), get(courses::reports::course_report)),
        // -- course authoring routes begin --
        r("GET", "/staff/courses", AtLeast(Role::Staff), get(courses::author::list)),
        r("GET", "/staff/courses/new", AtLeast(Role::Staff), get(courses::author::new_form)),
        r("POST", "/staff/courses/new", AtLeast(Role::Staff), post(courses::author::create)),
        r("GET", "/staff/courses/{id}", AtLeast(Role::Staff), get(courses::author::outline)),
        r("GET", "/staff/courses/{id}/edit", AtLeast(Role::Staff), get(courses::author::edit_form)),
        r("POST", "/staff/courses/{id}/edit", AtLeast(Role::Staff), post(courses::author::update)),
        r("POST", "/staff/courses/{id}/publish", AtLeast(Role::Staff), post(courses::author::publish)),
        r("POST", "/staff/courses/{id}/unpublish", AtLeast(Role::Staff), post(courses::author::unpublish)),
        r("POST", "/staff/courses/{id}/modules", AtLeast(Role::Staff), post(courses::author::add_module)),
        r("POST", "/staff/courses/{id}/modules/{module}/rename", AtLeast(Role::Staff), post(courses::author::rename_module)),
        r("POST", "/staff/courses/{id}/modules/{module}/move", AtLeast(Role::Staff), post(courses::author::move_module)),
        r("POST", "/staff/courses/{id}/modules/{module}/delete", AtLeast(Role::Staff), post(courses::author::delete_module)),
        r("GET", "/staff/courses/{id}/lessons/new", AtLeast(Role::Staff), get(courses::author::new_lesson_form)),
        r("POST", "/staff/courses/{id}/lessons/new", AtLeast(Role::Staff), post(courses::author::create_lesson)),
        r("GET", "/staff/courses/{id}/lessons/{lesson}/edit", AtLeast(Role::Staff), get(courses::author::edit_lesson_form)),
        r("POST", "/staff/courses/{id}/lessons/{lesson}/edit", AtLeast(Role::Staff), post(courses::author::update_lesson)),
        r("POST", "/staff/courses/{id}/lessons/{lesson}/move", AtLeast(Role::Staff), post(courses::author::move_lesson)),
        r("GET", "/staff/courses/{id}/lessons/{lesson}/delete", AtLeast(Role::Staff), get(courses::author::delete_lesson_form)),
        r("POST", "/staff/courses/{id}/lessons/{lesson}/delete", AtLeast(Role::Staff), post(courses::author::delete_lesson)),
        r("GET", "/staff/courses/{id}/lessons/{lesson}/checks/new", AtLeast(Role::Staff), get(courses::author::new_check_form)),
        r("POST", "/staff/courses/{id}/lessons/{lesson}/checks/new", AtLeast(Role::Staff), post(courses::author::create_check)),
        r("GET", "/staff/courses/{id}/lessons/{lesson}/checks/{n}", AtLeast(Role::Staff), get(courses::author::edit_check_form)),
        r("POST", "/staff/courses/{id}/lessons/{lesson}/checks/{n}", AtLeast(Role::Staff), post(courses::author::update_check)),
        r("POST", "/staff/courses/{id}/lessons/{lesson}/checks/{n}/delete", AtLeast(Role::Staff), post(courses::author::delete_check)),
        r("POST", "/staff/courses/{id}/lessons/{lesson}/checks/{n}/move", AtLeast(Role::Staff), post(courses::author::move_check)),
        r("GET", "/staff/courses/{id}/tests/{part}/questions/new", AtLeast(Role::Staff), get(courses::author::new_test_question_form)),
        r("POST", "/staff/courses/{id}/tests/{part}/questions/new", AtLeast(Role::Staff), post(courses::author::create_test_question)),
        r("GET", "/staff/courses/{id}/tests/{part}/questions/{n}", AtLeast(Role::Staff), get(courses::author::edit_test_question_form)),
        r("POST", "/staff/courses/{id}/tests/{part}/questions/{n}", AtLeast(Role::Staff), post(courses::author::update_test_question)),
        r("POST", "/staff/courses/{id}/tests/{part}/questions/{n}/delete", AtLeast(Role::Staff), post(courses::author::delete_test_question)),
        r("POST", "/staff/courses/{id}/tests/{part}/questions/{n}/move", AtLeast(Role::Staff), post(courses::author::move_test_question)),
        // -- course authoring routes end --
        // Live trainings: finding, registering, calendars, evaluation
        // -- event learner routes begin --
        r("GET", "/trainings", Public, get(events::public::list)),
        r("GET", "/trainings/{slug}", Public, get(events::public::show)),
        r("GET", "/trainings/{slug}/calendar.ics", Public, get(events::public::calendar_file)),
        r("POST", "/trainings/{slug}/register", SignedIn, post(events::public::register)),
        r("GET", "/trainings/{slug}/cancel", SignedIn, get(events::public::cancel_form)),
        r("POST", "/trainings/{slug}/cancel", SignedIn, post(events::public::cancel)),
        r("POST", "/trainings/{slug}/undo", SignedIn, post(events::public::undo)),
        r("GET", "/trainings/{slug}/evaluation", SignedIn, get(events::public::evaluation_form)),
        r("POST", "/trainings/{slug}/evaluation", SignedIn, post(events::public::evaluation_submit)),
        r("GET", "/my/trainings", SignedIn, get(events::public::mine)),
        r("POST", "/my/trainings/feed", SignedIn, post(events::public::reset_feed)),
        r("GET", "/calendar/{token}", Public, get(events::public::feed)),
        // -- event learner routes end --
        // Live trainings: staff, facilitators, attendance
        // -- event staff routes begin --
        // Resource library
        r("GET", "/resources", Public, get(library::pages::index)),
        r("GET", "/resources/{slug}", Public, get(library::pages::show)),
        r("GET", "/resources/{slug}/files/{file}", Public, get(library::pages::download)),
        r("GET", "/staff/resources", AtLeast(Role::Staff), get(library::staff::list)),
        r("GET", "/staff/resources/new", AtLeast(Role::Staff), get(library::staff::new_form)),
        r("POST", "/staff/resources/new", AtLeast(Role::Staff), post(library::staff::create).layer(library_upload_limit())),
        r("GET", "/staff/resources/{id}/edit", AtLeast(Role::Staff), get(library::staff::edit_form)),
        r("POST", "/staff/resources/{id}/edit", AtLeast(Role::Staff), post(library::staff::update).layer(library_upload_limit())),
        r("POST", "/staff/resources/{id}/delete", AtLeast(Role::Staff), post(library::staff::delete)),
        r("GET", "/staff/events", AtLeast(Role::Staff), get(events::staff::list)),
        r("GET", "/staff/events/new", AtLeast(Role::Staff), get(events::staff::new_form)),
        r("POST", "/staff/events/new", AtLeast(Role::Staff), post(events::staff::create)),
        r("GET", "/staff/events/{event}", AtLeast(Role::Staff), get(events::staff::show)),
        r("GET", "/staff/events/{event}/edit", AtLeast(Role::Staff), get(events::staff::edit_form)),
        r("POST", "/staff/events/{event}/edit", AtLeast(Role::Staff), post(events::staff::update)),
        r("GET", "/staff/events/{event}/cancel", AtLeast(Role::Staff), get(events::staff::cancel_form)),
        r("POST", "/staff/events/{event}/cancel", AtLeast(Role::Staff), post(events::staff::cancel)),
        r("POST", "/staff/events/{event}/promote", AtLeast(Role::Staff), post(events::staff::promote)),
        r("POST", "/staff/events/{event}/move", AtLeast(Role::Staff), post(events::staff::move_waitlisted)),
        r("POST", "/staff/events/{event}/remove", AtLeast(Role::Staff), post(events::staff::remove)),
        r("GET", "/staff/events/{event}/registrations.csv", AtLeast(Role::Staff), get(events::staff::registrations_csv)),
        r("GET", "/staff/events/{event}/attendance.csv", AtLeast(Role::Staff), get(events::staff::attendance_csv)),
        r("GET", "/staff/events/{event}/evaluations.csv", AtLeast(Role::Staff), get(events::staff::evaluations_csv)),
        r("GET", "/events", AtLeast(Role::Facilitator), get(events::attendance::my_events)),
        r("GET", "/events/{event}/attendance", EventFacilitator, get(events::attendance::roster_page)),
        r("POST", "/events/{event}/attendance/{session}", EventFacilitator, post(events::attendance::mark)),
        r("GET", "/events/{event}/sign-in-sheet", EventFacilitator, get(events::attendance::sign_in_sheet)),
        r("GET", "/events/{event}/evaluations", EventFacilitator, get(events::attendance::evaluations)),
        r("GET", "/facilitators/{user}", Public, get(events::facilitators::public)),
        r("GET", "/facilitator/profile", AtLeast(Role::Facilitator), get(events::facilitators::own_form)),
        r("POST", "/facilitator/profile", AtLeast(Role::Facilitator), post(events::facilitators::own_submit)),
        r("GET", "/staff/facilitators", AtLeast(Role::Staff), get(events::facilitators::staff_list)),
        r("GET", "/staff/facilitators/{user}", AtLeast(Role::Staff), get(events::facilitators::staff_form)),
        r("POST", "/staff/facilitators/{user}", AtLeast(Role::Staff), post(events::facilitators::staff_submit)),
        // -- event staff routes end --
        // Administration
        r("GET", "/admin/users", AtLeast(Role::Admin), get(accounts::admin::users)),
        r("POST", "/admin/users/{id}/role", AtLeast(Role::Admin), post(accounts::admin::set_role)),
        r("POST", "/admin/users/{id}/active", AtLeast(Role::Admin), post(accounts::admin::set_active)),
        r("POST", "/admin/users/{id}/totp-reset", AtLeast(Role::Admin), post(accounts::admin::reset_totp)),
        r("GET", "/admin/audit", AtLeast(Role::Admin), get(accounts::admin::audit_log)),
        // JSON API
        r("GET", "/api/v1/openapi.json", Public, get(api::openapi)),
        r("GET", "/api/v1/me", ApiToken, get(api::me)),
        r("POST", "/api/v1/reviews", Public, post(review::api::create).layer(upload_limit())),
        r("GET", "/api/v1/courses", Public, get(courses::api::list)),
        r("GET", "/api/v1/courses/{id}", Public, get(courses::api::show)),
        r("GET", "/api/v1/me/enrollments", ApiToken, get(courses::api::my_enrollments)),
        r("GET", "/api/v1/certificates/{code}", Public, get(certificates::api::show)),
        // -- event api routes begin --
        r("GET", "/api/v1/resources", Public, get(library::api::list)),
        r("GET", "/api/v1/resources/{id}", Public, get(library::api::show)),
        r("GET", "/api/v1/events", Public, get(events::api::list)),
        r("POST", "/api/v1/events", ApiAtLeast(Role::Staff), post(events::api::create)),
        r("GET", "/api/v1/events/{id}", Public, get(events::api::show)),
        r("PATCH", "/api/v1/events/{id}", ApiAtLeast(Role::Staff), axum::routing::patch(events::api::update)),
        r("GET", "/api/v1/events/{id}/registrations", ApiAtLeast(Role::Staff), get(events::api::registrations)),
        r("POST", "/api/v1/events/{id}/registrations", ApiToken, post(events::api::register)),
        r("DELETE", "/api/v1/events/{id}/registrations", ApiToken, axum::routing::delete(events::api::cancel)),
        r("DELETE", "/api/v1/events/{id}/registrations/{registration}", ApiAtLeast(Role::Staff), axum::routing::delete(events::api::remove)),
        // -- event api routes end --
    ]
}
