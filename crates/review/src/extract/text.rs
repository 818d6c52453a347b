//! Plain text and Markdown: decoding bytes to a `String`.
//!
//! Handbooks pasted from old word processors are often Windows-1252 rather
//! than UTF-8 (curly quotes as single bytes 0x93/0x94). Valid UTF-8 is used
//! as is; UTF-16 with a byte-order mark is decoded; anything else is read as
//! Windows-1252, which maps every byte to a character, so no text is lost.

use encoding_rs::{UTF_16BE, UTF_16LE, WINDOWS_1252};

/// Decode text bytes to a string.
pub fn decode(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return decode_utf8_or_1252(rest);
    }
    if bytes.starts_with(b"\xFF\xFE") {
        return UTF_16LE
            .decode_without_bom_handling(&bytes[2..])
            .0
            .into_owned();
    }
    if bytes.starts_with(b"\xFE\xFF") {
        return UTF_16BE
            .decode_without_bom_handling(&bytes[2..])
            .0
            .into_owned();
    }
    if let Some(le) = utf16_without_bom(bytes) {
        let enc = if le { UTF_16LE } else { UTF_16BE };
        return enc.decode_without_bom_handling(bytes).0.into_owned();
    }
    decode_utf8_or_1252(bytes)
}

fn decode_utf8_or_1252(bytes: &[u8]) -> String {
    match std::str::from_utf8(bytes) {
        Ok(s) => s.replace('\0', ""),
        Err(_) => WINDOWS_1252
            .decode_without_bom_handling(bytes)
            .0
            .replace('\0', ""),
    }
}

/// ASCII text stored as UTF-16 without a BOM has a zero in every other
/// byte. Returns Some(true) for little-endian, Some(false) for big-endian.
fn utf16_without_bom(bytes: &[u8]) -> Option<bool> {
    let n = bytes.len().min(512) & !1;
    if n < 8 {
        return None;
    }
    let sample = &bytes[..n];
    let even_zero = sample.iter().step_by(2).filter(|&&b| b == 0).count();
    let odd_zero = sample
        .iter()
        .skip(1)
        .step_by(2)
        .filter(|&&b| b == 0)
        .count();
    let half = n / 2;
    if odd_zero * 10 >= half * 9 && even_zero == 0 {
        Some(true)
    } else if even_zero * 10 >= half * 9 && odd_zero == 0 {
        Some(false)
    } else {
        None
    }
}

/// Heuristic: text has no NUL bytes (unless UTF-16) and few control bytes.
pub fn looks_like_text(bytes: &[u8]) -> bool {
    if bytes.starts_with(b"\xFF\xFE")
        || bytes.starts_with(b"\xFE\xFF")
        || utf16_without_bom(bytes).is_some()
    {
        return true;
    }
    let sample = &bytes[..bytes.len().min(8192)];
    if sample.is_empty() {
        return true;
    }
    let mut control = 0usize;
    for &b in sample {
        match b {
            0 => return false,
            b'\t' | b'\n' | b'\r' | 0x0C => {}
            0x01..=0x1F | 0x7F => control += 1,
            _ => {}
        }
    }
    control * 20 <= sample.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_1252() {
        assert_eq!(
            decode(b"Residents \x93must\x94 attend"),
            "Residents \u{201C}must\u{201D} attend"
        );
    }

    #[test]
    fn utf16() {
        let mut v = vec![0xFF, 0xFE];
        for c in "No phones".encode_utf16() {
            v.extend_from_slice(&c.to_le_bytes());
        }
        assert_eq!(decode(&v), "No phones");
    }
}
