//! Certificates: the public page and JSON record, an independent check of the Ed25519
//! signature, revoking by staff, and the verification form (by code or by uploading the
//! PDF, genuine or altered).

use base64::{engine::general_purpose::STANDARD as B64, Engine};
use ed25519_dalek::{Signature, Verifier, VerifyingKey};
use reqwest::multipart::Part;
use serde_json::Value;
use tta::accounts::model::Role;

use super::support::*;
use crate::{
    helpers::{location, text_of, Multi, TestApp},
    pdf_text::{embedded_fonts, has_line, lopdf_text, pdftotext, WORLD_NAMES},
};

/// Checks `signed_text` against the signature and public key exactly as an outsider
/// would: nothing from tta, only the published values.
fn signature_holds(public_key_b64: &str, signed_text: &str, signature_b64: &str) -> bool {
    let key: [u8; 32] = B64
        .decode(public_key_b64)
        .unwrap()
        .try_into()
        .expect("a 32-byte Ed25519 key");
    let key = VerifyingKey::from_bytes(&key).expect("a valid Ed25519 key");
    let sig =
        Signature::from_slice(&B64.decode(signature_b64).unwrap()).expect("a 64-byte signature");
    key.verify(signed_text.as_bytes(), &sig).is_ok()
}

async fn record(app: &TestApp, code: &str) -> (u16, Value) {
    let r = app
        .client()
        .get(app.at(&format!("/api/v1/certificates/{code}")))
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn certificate_record_verifies_independently_and_staff_can_revoke_it() {
    let app = TestApp::spawn().await;
    import_shipped(&app).await;
    let l = Learner::new(&app, "vera.valid@example.org", Role::Learner).await;
    let cert = l.complete(&app, SLUG).await;
    let anon = app.client();

    // The public page, for anyone.
    let r = app
        .get(&anon, &format!("/certificates/{}", cert.code))
        .await;
    assert_eq!(r.status(), 200);
    let text = page_text(&r.text().await.unwrap());
    assert!(
        text.contains("Valid: this certificate was issued by the institute"),
        "{text}"
    );
    assert!(
        text.contains(&l.name)
            && text.contains("Voluntary Services in Practice")
            && text.contains(&cert.completed_on),
        "{text}"
    );
    // However the code is typed.
    let typed = cert.code.to_lowercase().replace('-', "");
    assert_eq!(
        app.get(&anon, &format!("/certificates/{typed}"))
            .await
            .status(),
        200
    );
    assert_eq!(
        app.get(&anon, "/certificates/2222-3333-4444")
            .await
            .status(),
        404
    );
    assert_eq!(app.get(&anon, "/certificates/abc").await.status(), 404);

    // The JSON record, with everything needed to check the signature without tta.
    let (status, v) = record(&app, &cert.code).await;
    assert_eq!(status, 200);
    assert_eq!(v["status"], "valid");
    assert_eq!(v["code"], cert.code);
    assert_eq!(v["recipient"], l.name);
    assert_eq!(v["title"], "Voluntary Services in Practice");
    assert_eq!(v["hours"], "2.5");
    assert_eq!(
        v["verification_url"],
        format!("{}/certificates/{}", app.state.cfg.base_url, cert.code)
    );
    let sig = &v["signature"];
    assert_eq!(sig["algorithm"], "Ed25519");
    let (value, key, signed) = (
        sig["value"].as_str().unwrap(),
        sig["public_key"].as_str().unwrap(),
        sig["signed_text"].as_str().unwrap(),
    );
    assert_eq!(key, app.state.cert_key.public_key_b64());
    assert!(
        signed.contains(&format!("code: {}\n", cert.code))
            && signed.contains(&format!("recipient: {}\n", l.name)),
        "{signed}"
    );
    assert!(
        signature_holds(key, signed, value),
        "the signature verifies over signed_text"
    );
    // One character changed anywhere breaks it: the name, the hours, the code.
    for (from, to) in [
        (l.name.as_str(), "Vera valid Testes"),
        ("hours: 2.5", "hours: 3.5"),
        (&cert.code[..4], "ZZZZ"),
    ] {
        let forged = signed.replacen(from, to, 1);
        assert_ne!(forged, signed);
        assert!(
            !signature_holds(key, &forged, value),
            "changing {from:?} must break the signature"
        );
    }
    assert!(
        !signature_holds(key, &format!("{signed} "), value),
        "even a trailing space"
    );
    assert_eq!(record(&app, "2222-3333-4444").await.0, 404);
    assert_eq!(record(&app, "abc").await.0, 404);

    // Staff revoke from the list. A reason is required.
    let staff = Learner::new(&app, "stan.staff@example.org", Role::Staff).await;
    let html = staff.html(&app, "/staff/certificates").await;
    let action = format!("/staff/certificates/{}/revoke", cert.id);
    assert!(html.contains(&cert.code) && html.contains(&format!("action=\"{action}\"")));
    let r = staff.post(&app, &action, &[("reason", "   ")]).await;
    assert_eq!(r.status(), 422);
    let html = r.text().await.unwrap();
    assert_eq!(
        text_of(&html, &format!("#f-reason-{}-error", cert.id)).as_deref(),
        Some("Give a reason; it is shown on the verification page.")
    );
    let r = staff
        .post(&app, &action, &[("reason", &"x".repeat(501))])
        .await;
    assert_eq!(r.status(), 422);
    assert_eq!(
        record(&app, &cert.code).await.1["status"],
        "valid",
        "nothing revoked by bad input"
    );

    // Learners may not revoke, not even their own certificate.
    assert_eq!(
        l.post(&app, &action, &[("reason", "I changed my mind")])
            .await
            .status(),
        403
    );
    assert_eq!(l.get(&app, "/staff/certificates").await.status(), 403);
    assert_eq!(record(&app, &cert.code).await.1["status"], "valid");

    // With a reason: revoked, everywhere.
    let r = staff
        .post(&app, &action, &[("reason", "Issued in error")])
        .await;
    assert_eq!(r.status(), 303);
    assert_eq!(
        location(&r),
        "/staff/certificates",
        "back to the list the form was on"
    );
    let list = staff.html(&app, &location(&r)).await;
    assert!(
        page_text(&list).contains("Revoked: Issued in error"),
        "{}",
        page_text(&list)
    );
    let text = page_text(
        &app.get(&anon, &format!("/certificates/{}", cert.code))
            .await
            .text()
            .await
            .unwrap(),
    );
    assert!(
        text.contains("Revoked: this certificate is no longer valid.")
            && text.contains("Reason: Issued in error"),
        "{text}"
    );
    assert!(!text.contains("Valid: this certificate"), "{text}");
    let (_, v) = record(&app, &cert.code).await;
    assert_eq!(v["status"], "revoked");
    assert_eq!(v["revoke_reason"], "Issued in error");
    assert!(v["revoked_at"].is_string());
    // There is nothing to revoke at an unknown id.
    assert_eq!(
        staff
            .post(
                &app,
                "/staff/certificates/999999/revoke",
                &[("reason", "typo")]
            )
            .await
            .status(),
        404
    );
    // The first reason stands.
    assert_eq!(
        staff
            .post(&app, &action, &[("reason", "Another reason")])
            .await
            .status(),
        303
    );
    assert_eq!(
        record(&app, &cert.code).await.1["revoke_reason"],
        "Issued in error"
    );
    assert_eq!(
        n(
            &app,
            "SELECT COUNT(*) FROM audit_log WHERE action = 'certificate_revoked'"
        )
        .await,
        1
    );
    // My learning marks it revoked and stops counting its hours.
    let html = l.html(&app, "/learning").await;
    assert!(
        page_text(&html).contains(&format!("{} Revoked", cert.code)),
        "{}",
        page_text(&html)
    );
    app.stop().await;
}

/// Posts the verification form (multipart, token as the first part) as an anonymous visitor.
async fn verify(app: &TestApp, c: &reqwest::Client, form: Multi) -> reqwest::Response {
    let token = app.csrf(c, "/certificates/verify").await;
    c.post(app.at("/certificates/verify"))
        .multipart(form.with_csrf(&token))
        .send()
        .await
        .unwrap()
}

/// The PDF with one printed line replaced, as someone editing a certificate would do.
fn altered(pdf: &[u8], from: &str, to: &str) -> Vec<u8> {
    crate::pdf_text::replace_line(pdf, from, to)
}

/// The verification result for an uploaded file: the page's text.
async fn upload(app: &TestApp, c: &reqwest::Client, pdf: Vec<u8>) -> String {
    let part = Part::bytes(pdf)
        .file_name("certificate.pdf")
        .mime_str("application/pdf")
        .unwrap();
    let r = verify(app, c, Multi::new().text("code", "").part("file", part)).await;
    assert_eq!(r.status(), 200);
    page_text(&r.text().await.unwrap())
}

const MATCHES: &str = "The uploaded file matches the signed record.";
const ALTERED: &str = "The uploaded file has been altered: it does not match the signed record.";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_verify_form_checks_codes_and_uploaded_pdfs() {
    let app = TestApp::spawn().await;
    import_shipped(&app).await;
    let l = Learner::new(&app, "pablo.pdf@example.org", Role::Learner).await;
    let cert = l.complete(&app, SLUG).await;
    let pdf = l
        .get(&app, &format!("/certificates/{}/pdf", cert.code))
        .await
        .bytes()
        .await
        .unwrap()
        .to_vec();
    let c = app.client();
    assert_eq!(app.get(&c, "/certificates/verify").await.status(), 200);

    // Nothing given.
    let r = verify(&app, &c, Multi::new().text("code", "  ")).await;
    assert_eq!(r.status(), 422);
    let html = r.text().await.unwrap();
    assert!(text_of(&html, "#f-code-error")
        .unwrap()
        .ends_with("Enter a verification code, or choose a PDF to upload."));
    // An empty file part counts as no file.
    let empty = Part::bytes(Vec::new())
        .file_name("")
        .mime_str("application/octet-stream")
        .unwrap();
    assert_eq!(
        verify(&app, &c, Multi::new().text("code", "").part("file", empty))
            .await
            .status(),
        422
    );
    // Not a code; what was typed is kept.
    let r = verify(&app, &c, Multi::new().text("code", "abc")).await;
    assert_eq!(r.status(), 422);
    let html = r.text().await.unwrap();
    assert!(text_of(&html, "#f-code-error")
        .unwrap()
        .ends_with("A code has twelve letters and numbers, like 7KQM-X3TD-9HWP."));
    assert!(
        html.contains("value=\"abc\""),
        "the code typed stays in the field"
    );
    // A code typed loosely goes to its page.
    let loose = format!(" {} ", cert.code.to_lowercase().replace('-', ""));
    let r = verify(&app, &c, Multi::new().text("code", loose)).await;
    assert_eq!(r.status(), 303);
    assert_eq!(location(&r), format!("/certificates/{}", cert.code));
    assert_eq!(app.get(&c, &location(&r)).await.status(), 200);
    // A well-formed code that was never issued: its page says plainly that no such
    // certificate was issued, and what that can mean, not a generic "page not found".
    let r = verify(&app, &c, Multi::new().text("code", "2222-3333-4444")).await;
    assert_eq!(r.status(), 303);
    let r = app.get(&c, &location(&r)).await;
    assert_eq!(r.status(), 404);
    let html = r.text().await.unwrap();
    let said = text_of(&html, "#verify-unknown").unwrap();
    assert_eq!(
        said,
        format!(
            "No certificate with the code 2222-3333-4444 was issued by {}.",
            app.state.cfg.institute_name
        )
    );
    assert!(
        html.contains("should not be accepted as proof of training"),
        "{html}"
    );
    assert!(!html.contains("Page not found"));
    // Something that is not a code at all says that instead.
    let html = app
        .get(&c, "/certificates/not-a-code")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        text_of(&html, "#verify-unknown")
            .unwrap()
            .contains("is not a certificate code"),
        "{html}"
    );

    // Uploads. Not a PDF:
    let text_file = Part::bytes(b"Certificate of Completion (honest)".to_vec())
        .file_name("c.pdf")
        .mime_str("application/pdf")
        .unwrap();
    let r = verify(
        &app,
        &c,
        Multi::new().text("code", "").part("file", text_file),
    )
    .await;
    assert_eq!(r.status(), 422);
    assert!(text_of(&r.text().await.unwrap(), "#f-file-error")
        .unwrap()
        .ends_with("That file is not a PDF."));
    // A PDF that is not a certificate.
    let mut other = tta::pdf::Doc::new("Rules", "test");
    other.paragraph("Residents keep their own phones.");
    let other = other.finish();
    let part = Part::bytes(other)
        .file_name("rules.pdf")
        .mime_str("application/pdf")
        .unwrap();
    let r = verify(&app, &c, Multi::new().part("file", part)).await;
    assert_eq!(r.status(), 422);
    assert!(text_of(&r.text().await.unwrap(), "#f-file-error")
        .unwrap()
        .ends_with("No verification code was found in that PDF."));

    // The genuine file matches.
    let text = upload(&app, &c, pdf.clone()).await;
    assert!(text.contains(MATCHES), "{text}");
    assert!(text.contains("Valid: this certificate"), "{text}");

    // The same file with another name in it: altered, and the name is what differs.
    let forged = altered(&pdf, &l.name, "Mallory Forger");
    assert_ne!(forged, pdf);
    let check = tta_review::extract(&forged, Some("c.pdf"), Some("application/pdf")).unwrap();
    assert!(
        check.contains("Mallory Forger") && !check.contains(&l.name),
        "the edit took: {check}"
    );
    let text = upload(&app, &c, forged).await;
    assert!(text.contains(ALTERED), "{text}");
    assert!(
        text.contains("Different from the record: Issued to"),
        "the recipient is named: {text}"
    );
    assert!(
        !text.contains("Different from the record: For"),
        "only the name was changed: {text}"
    );
    assert!(!text.contains(MATCHES), "{text}");
    // The page still shows the record as issued, with the real name.
    assert!(text.contains(&l.name), "{text}");

    // Additions are edits too: a title added to the name, a subject added to the course,
    // a digit added to the hours or the date.
    let hours_line = "Learning hours: 2.5 · Continuing-education hours: 2.5";
    let date_line = format!("Completed on {}", cert.completed_on);
    for (from, to, field) in [
        (l.name.clone(), format!("Dr. {} PhD", l.name), "Issued to"),
        (
            "Voluntary Services in Practice".to_string(),
            "Voluntary Services in Practice and Immigration Law".to_string(),
            "For",
        ),
        (
            hours_line.to_string(),
            hours_line.replacen("2.5", "12.5", 1),
            "Hours",
        ),
        (hours_line.to_string(), format!("{hours_line}0"), "Hours"),
        (date_line.clone(), format!("{date_line}1"), "Completed on"),
        (
            date_line.clone(),
            "Completed on 2020-01-01".to_string(),
            "Completed on",
        ),
    ] {
        let text = upload(&app, &c, altered(&pdf, &from, &to)).await;
        assert!(
            text.contains(ALTERED),
            "{to:?} must not pass as genuine: {text}"
        );
        assert!(
            text.contains(&format!("Different from the record: {field}")),
            "{to:?} names {field}: {text}"
        );
    }
    app.stop().await;
}

/// A long name and a long title wrap over several lines on the certificate; the genuine
/// file still matches, and a shortened name does not.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrapped_name_and_title_verify() {
    let app = TestApp::spawn().await;
    let title = "Voluntary Services, Trauma-Informed Care and Rights-Based Practice for Shelters, Drop-In Centers, Outreach Teams and Legal Programs Serving Survivors of Labor and Sex Trafficking";
    import_spec(&app, &small_course("long-one", title)).await;
    let l = Learner::new(&app, "long.name@example.org", Role::Learner).await;
    let name = "Maria Fernanda de los Angeles Gutierrez-Villanueva Santamaria y Ocampo";
    sqlx::query("UPDATE users SET name = $1 WHERE id = $2")
        .bind(name)
        .bind(l.id)
        .execute(&app.state.db.pool)
        .await
        .unwrap();
    let cert = l.complete(&app, "long-one").await;
    assert_eq!(
        (cert.recipient.as_str(), cert.title.as_str()),
        (name, title)
    );
    let pdf = l
        .get(&app, &format!("/certificates/{}/pdf", cert.code))
        .await
        .bytes()
        .await
        .unwrap()
        .to_vec();
    let lines: Vec<String> = tta_review::extract(&pdf, Some("c.pdf"), Some("application/pdf"))
        .unwrap()
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect();
    assert!(
        !lines.iter().any(|l| l == name) && !lines.iter().any(|l| l == title),
        "both wrap: {lines:?}"
    );
    // Wrapped lines push what follows down rather than being drawn over it.
    assert_no_overlap(&pdf);

    let c = app.client();
    let text = upload(&app, &c, pdf.clone()).await;
    assert!(text.contains(MATCHES), "{text}");
    // Dropping the last word of the wrapped name is caught.
    let last_line = lines
        .iter()
        .find(|l| name.ends_with(l.as_str()) && l.as_str() != name)
        .expect("the name's last line");
    let shorter = last_line
        .rsplit_once(' ')
        .map(|(a, _)| a.to_string())
        .unwrap_or_default();
    let text = upload(&app, &c, altered(&pdf, last_line, &shorter)).await;
    assert!(
        text.contains("Different from the record: Issued to"),
        "{text}"
    );
    app.stop().await;
}

/// A certificate prints a name in any of the scripts tta has fonts for exactly as issued:
/// tta's own extractor, lopdf and poppler all read the name back letter for letter (Arabic
/// in reading order), the genuine file verifies, and only the glyphs used are embedded, so
/// the file stays small.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn certificates_print_names_in_every_script_exactly_and_verify() {
    let app = TestApp::spawn().await;
    import_spec(
        &app,
        &small_course("names", "Safety Planning with Survivors"),
    )
    .await;
    let shipped: usize = std::fs::read_dir("assets/fonts")
        .unwrap()
        .map(|e| e.unwrap().metadata().unwrap().len() as usize)
        .sum();
    for (i, name) in WORLD_NAMES.into_iter().enumerate() {
        let l = Learner::new(&app, &format!("world{i}@example.org"), Role::Learner).await;
        sqlx::query("UPDATE users SET name = $1 WHERE id = $2")
            .bind(name)
            .bind(l.id)
            .execute(&app.state.db.pool)
            .await
            .unwrap();
        let cert = l.complete(&app, "names").await;
        assert_eq!(cert.recipient, name);
        let pdf = l
            .get(&app, &format!("/certificates/{}/pdf", cert.code))
            .await
            .bytes()
            .await
            .unwrap()
            .to_vec();

        let own = tta_review::extract(&pdf, Some("c.pdf"), Some("application/pdf")).unwrap();
        assert!(
            has_line(&own, name),
            "tta's extractor reads {name:?}:\n{own}"
        );
        let lopdf = lopdf_text(&pdf);
        assert!(has_line(&lopdf, name), "lopdf reads {name:?}:\n{lopdf}");
        let poppler = pdftotext(&pdf);
        assert!(
            has_line(&poppler, name),
            "pdftotext reads {name:?}:\n{poppler}"
        );
        assert_no_overlap(&pdf);

        let text = upload(&app, &app.client(), pdf.clone()).await;
        assert!(text.contains(MATCHES), "{name}: {text}");
        assert!(
            text.contains(name),
            "the page shows the name as issued: {text}"
        );

        // Subsets: a few glyphs of each face, not the fonts tta ships.
        let fonts = embedded_fonts(&pdf);
        assert!(fonts.len() >= 2, "{fonts:?}");
        for (font, len) in &fonts {
            assert!(
                font.len() > 7 && font.as_bytes()[6] == b'+',
                "{font} is named as a subset"
            );
            assert!(*len < 60_000, "{font} embeds {len} bytes");
        }
        assert!(
            pdf.len() * 50 < shipped,
            "{} bytes of PDF against {shipped} of fonts",
            pdf.len()
        );
    }
    // A script tta has no font for prints as boxes, but its text is kept, so the genuine
    // file still verifies.
    let l = Learner::new(&app, "sara@example.org", Role::Learner).await;
    let hebrew = "שרה לוי";
    sqlx::query("UPDATE users SET name = $1 WHERE id = $2")
        .bind(hebrew)
        .bind(l.id)
        .execute(&app.state.db.pool)
        .await
        .unwrap();
    let cert = l.complete(&app, "names").await;
    let pdf = l
        .get(&app, &format!("/certificates/{}/pdf", cert.code))
        .await
        .bytes()
        .await
        .unwrap()
        .to_vec();
    assert!(has_line(
        &tta_review::extract(&pdf, Some("c.pdf"), Some("application/pdf")).unwrap(),
        hebrew
    ));
    let text = upload(&app, &app.client(), pdf).await;
    assert!(text.contains(MATCHES), "{text}");
    app.stop().await;
}
