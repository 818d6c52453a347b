//! The certificate PDF read back the way a person or a phone would: its text, and the QR
//! code decoded from the embedded image.

use lopdf::{Document, Object};
use tta::accounts::model::Role;

use super::support::*;
use crate::helpers::TestApp;

/// The QR image: the one image XObject, checked to be what the renderer promises (8-bit
/// grey, Flate-compressed) and returned as (width, height, pixels).
fn qr_pixels(pdf: &[u8]) -> (usize, usize, Vec<u8>) {
    let doc = Document::load_mem(pdf).expect("the PDF loads");
    let images: Vec<&lopdf::Stream> = doc
        .objects
        .values()
        .filter_map(|o| match o {
            Object::Stream(s)
                if s.dict.get(b"Subtype").ok().and_then(|v| v.as_name().ok())
                    == Some(b"Image".as_slice()) =>
            {
                Some(s)
            }
            _ => None,
        })
        .collect();
    assert_eq!(images.len(), 1, "one image: the QR code");
    let img = images[0];
    let name = |k: &[u8]| {
        img.dict
            .get(k)
            .and_then(|v| v.as_name())
            .map(|n| n.to_vec())
            .unwrap_or_default()
    };
    let int = |k: &[u8]| img.dict.get(k).and_then(|v| v.as_i64()).unwrap();
    assert_eq!(name(b"ColorSpace"), b"DeviceGray");
    assert_eq!(name(b"Filter"), b"FlateDecode");
    assert_eq!(int(b"BitsPerComponent"), 8);
    let (w, h) = (int(b"Width") as usize, int(b"Height") as usize);
    let px = img.decompressed_content().expect("the image inflates");
    assert_eq!(px.len(), w * h, "one byte per pixel");
    (w, h, px)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_certificate_pdf_has_real_text_and_a_qr_code_to_its_page() {
    let app = TestApp::spawn().await;
    import_shipped(&app).await;
    let l = Learner::new(&app, "quinn.qr@example.org", Role::Learner).await;
    let cert = l.complete(&app, SLUG).await;
    let r = l
        .get(&app, &format!("/certificates/{}/pdf", cert.code))
        .await;
    assert_eq!(r.status(), 200);
    let pdf = r.bytes().await.unwrap().to_vec();
    let url = format!("{}/certificates/{}", app.state.cfg.base_url, cert.code);

    // The text layer says what was earned, by whom, when, and how to check it.
    let text = tta_review::extract(&pdf, Some("c.pdf"), Some("application/pdf"))
        .expect("the PDF's text extracts");
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for expected in [
        "Certificate of Completion".to_string(),
        l.name.clone(),
        "Voluntary Services in Practice".to_string(),
        format!("Completed on {}", cert.completed_on),
        "Learning hours: 2.5".to_string(),
        "Continuing-education hours: 2.5".to_string(),
        format!("Verification code: {}", cert.code),
        url.clone(),
        app.state.cfg.institute_name.clone(),
    ] {
        assert!(
            flat.contains(&expected),
            "the PDF text has {expected:?}:\n{flat}"
        );
    }
    // The printed date is the day the enrollment was completed (UTC).
    let done = n(
        &app,
        &format!(
            "SELECT completed_at FROM enrollments WHERE user_id = {}",
            l.id
        ),
    )
    .await;
    assert_eq!(
        cert.completed_on,
        chrono::DateTime::from_timestamp(done, 0)
            .unwrap()
            .format("%Y-%m-%d")
            .to_string()
    );
    // The signature is printed too (possibly wrapped), so a printed copy can be checked.
    let squashed: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    assert!(
        squashed.contains(&cert.signature),
        "the signature is on the page"
    );

    assert_no_overlap(&pdf);

    // The QR code: each module is one pixel, so scale up 8× for the detector.
    let (w, h, px) = qr_pixels(&pdf);
    assert_eq!(w, h, "a square code");
    const SCALE: usize = 8;
    let mut img = rqrr::PreparedImage::prepare_from_greyscale(w * SCALE, h * SCALE, |x, y| {
        px[(y / SCALE) * w + x / SCALE]
    });
    let grids = img.detect_grids();
    assert_eq!(grids.len(), 1, "one QR code found");
    let (_, content) = grids[0].decode().expect("the QR code decodes");
    assert_eq!(content, url, "the QR code leads to the certificate's page");
    // And that page is the certificate's.
    let path = url.strip_prefix(&app.state.cfg.base_url).unwrap();
    assert_eq!(app.get(&app.client(), path).await.status(), 200);
    app.stop().await;
}
