//! The certificate as a one-page landscape PDF: what was earned, by whom and when, and how
//! to check it — a QR code and link to the public verification page, the code, and the
//! signature. The text is real PDF text (not an image), so the verification page can read
//! an uploaded copy back and compare it with the signed record.

use pdf_writer::{Content, Filter, Finish, Name, Pdf, Rect, TextStr};
use qrcode::{Color, EcLevel, QrCode};

use super::model::{Certificate, KIND_EVENT};
use crate::{
    i18n::Lang,
    pdf::{miniz_deflate, wrap, Font, Fonts, Refs, Rgb, BRAND, INK, MUTED},
};

const W: f32 = 792.0;
const H: f32 = 612.0;

/// Where the certificate can be checked; the QR code holds this address.
pub fn verify_url(base_url: &str, code: &str) -> String {
    format!("{}/certificates/{}", base_url.trim_end_matches('/'), code)
}

struct Page {
    c: Content,
    fonts: Fonts,
}

/// Width available to centred text.
const TEXT_W: f32 = W - 160.0;

impl Page {
    /// Draws centred, wrapped text with its first baseline at `y`; returns how far below
    /// `y` the last line's baseline is, so what follows can move down instead of overlapping.
    fn centered(&mut self, text: &str, y: f32, font: Font, size: f32, color: Rgb) -> f32 {
        let lines = wrap(text, font, size, TEXT_W);
        for (i, line) in lines.iter().enumerate() {
            self.fonts.centered(
                &mut self.c,
                line,
                W / 2.0,
                y - i as f32 * size * 1.3,
                font,
                size,
                color,
            );
        }
        lines.len().saturating_sub(1) as f32 * size * 1.3
    }

    fn at(&mut self, text: &str, x: f32, y: f32, font: Font, size: f32, color: Rgb) {
        self.fonts.text(&mut self.c, text, x, y, font, size, color);
    }
}

/// The largest size, from `size` down to 10 points, at which `text` wraps into at most
/// `max_lines` lines.
fn fit(text: &str, font: Font, size: f32, max_lines: usize) -> f32 {
    let mut s = size;
    while s > 10.0 && wrap(text, font, s, TEXT_W).len() > max_lines {
        s -= 1.0;
    }
    s
}

/// A greyscale image of the QR code, one pixel per module with a four-module quiet zone,
/// drawn scaled up without smoothing so it stays sharp.
fn qr_image(data: &str) -> (Vec<u8>, i32) {
    let code = QrCode::with_error_correction_level(data.as_bytes(), EcLevel::M)
        .expect("a URL fits in a QR code");
    let n = code.width();
    let quiet = 4;
    let size = n + 2 * quiet;
    let colors = code.to_colors();
    let mut px = vec![255u8; size * size];
    for y in 0..n {
        for x in 0..n {
            if colors[y * n + x] == Color::Dark {
                px[(y + quiet) * size + x + quiet] = 0;
            }
        }
    }
    (px, size as i32)
}

pub fn render(cert: &Certificate, base_url: &str, lang: &Lang) -> Vec<u8> {
    let url = verify_url(base_url, &cert.code);
    let mut p = Page {
        c: Content::new(),
        fonts: Fonts::new(),
    };
    // A double frame in the brand colour.
    p.c.set_stroke_rgb(BRAND.0, BRAND.1, BRAND.2)
        .set_line_width(3.0)
        .rect(28.0, 28.0, W - 56.0, H - 56.0)
        .stroke();
    p.c.set_line_width(0.8)
        .rect(38.0, 38.0, W - 76.0, H - 76.0)
        .stroke();

    p.centered(&cert.issuer, H - 92.0, Font::Bold, 15.0, BRAND);
    p.centered(
        &lang.t("cert-pdf-heading"),
        H - 150.0,
        Font::Bold,
        30.0,
        INK,
    );
    p.centered(
        &lang.t("cert-pdf-certifies"),
        H - 195.0,
        Font::Regular,
        13.0,
        MUTED,
    );
    // A long name or title wraps (in a smaller size when it would take many lines), and
    // everything below it moves down by the extra lines, so nothing is drawn over it.
    // The name's baseline is more than one and a half of its largest size below the line
    // above, which is how text extractors tell a new line even when the name starts further
    // right than that line ends (a right-to-left name is written from its right end).
    let mut y = H - 236.0;
    y -= p.centered(
        &cert.recipient,
        y,
        Font::Bold,
        fit(&cert.recipient, Font::Bold, 26.0, 2),
        INK,
    );
    let what = if cert.kind == KIND_EVENT {
        "cert-pdf-attended"
    } else {
        "cert-pdf-completed"
    };
    y -= 36.0;
    y -= p.centered(&lang.t(what), y, Font::Regular, 13.0, MUTED);
    y -= 30.0;
    y -= p.centered(
        &cert.title,
        y,
        Font::Bold,
        fit(&cert.title, Font::Bold, 18.0, 3),
        BRAND,
    );
    let when = lang.ta("cert-pdf-date", &[("date", &cert.completed_on)]);
    y -= 52.0;
    y -= p.centered(&when, y, Font::Regular, 12.0, INK);
    let hours = lang.ta(
        "cert-pdf-hours",
        &[("hours", &cert.hours()), ("ce", &cert.ce_hours())],
    );
    p.centered(&hours, y - 20.0, Font::Regular, 12.0, INK);

    // Verification block, bottom left: QR code, address, code and signature.
    let qr_size = 96.0;
    let (qx, qy) = (64.0, 64.0);
    p.c.save_state()
        .transform([qr_size, 0.0, 0.0, qr_size, qx, qy])
        .x_object(Name(b"Qr"))
        .restore_state();
    let tx = qx + qr_size + 16.0;
    p.at(
        &lang.ta("cert-pdf-code", &[("code", &cert.code)]),
        tx,
        qy + 78.0,
        Font::Bold,
        11.0,
        INK,
    );
    p.at(
        &lang.t("cert-pdf-verify-at"),
        tx,
        qy + 62.0,
        Font::Regular,
        9.5,
        MUTED,
    );
    p.at(&url, tx, qy + 49.0, Font::Regular, 9.5, BRAND);
    let sig = format!(
        "{} {} · {}",
        lang.t("cert-pdf-signature"),
        cert.key_id,
        cert.signature
    );
    let lines = wrap(&sig, Font::Regular, 7.0, W - tx - 70.0);
    for (i, l) in lines.iter().enumerate() {
        p.at(l, tx, qy + 32.0 - i as f32 * 9.0, Font::Regular, 7.0, MUTED);
    }

    let mut pdf = Pdf::new();
    let mut refs = Refs::new();
    let (catalog, tree, page_id, content_id, qr_id, info) = (
        refs.alloc(),
        refs.alloc(),
        refs.alloc(),
        refs.alloc(),
        refs.alloc(),
        refs.alloc(),
    );
    pdf.catalog(catalog).pages(tree);
    pdf.pages(tree).kids([page_id]).count(1);
    let fonts = p.fonts.write(&mut pdf, &mut refs);
    let mut page = pdf.page(page_id);
    page.media_box(Rect::new(0.0, 0.0, W, H))
        .parent(tree)
        .contents(content_id);
    let mut res = page.resources();
    fonts.add_to(&mut res);
    res.x_objects().pair(Name(b"Qr"), qr_id);
    res.finish();
    page.finish();
    pdf.stream(content_id, &miniz_deflate(&p.c.finish()))
        .filter(Filter::FlateDecode);
    let (px, side) = qr_image(&url);
    let packed = miniz_deflate(&px);
    let mut img = pdf.image_xobject(qr_id, &packed);
    img.filter(Filter::FlateDecode);
    img.width(side)
        .height(side)
        .bits_per_component(8)
        .interpolate(false);
    img.color_space().device_gray();
    img.finish();
    let title = format!("{} · {}", lang.t("cert-pdf-heading"), cert.title);
    pdf.document_info(info)
        .title(TextStr(&title))
        .author(TextStr(&cert.issuer))
        .subject(TextStr(&cert.code))
        .producer(TextStr("tta"));
    pdf.finish()
}
