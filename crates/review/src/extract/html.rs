//! HTML to text.
//!
//! Program rules are often published as web pages. A full HTML parser is not
//! needed to review them: tags are dropped, scripts, styles and the `<head>`
//! are skipped, block elements become line breaks (list items become "- "
//! bullets and headings "# " lines, so the splitter treats them as the items
//! they are), and character entities are decoded.

/// Does the content look like HTML? `hinted` is true when the file name or
/// content type says HTML.
pub fn looks_like_html(bytes: &[u8], hinted: bool) -> bool {
    let head = &bytes[..bytes.len().min(4096)];
    let s = String::from_utf8_lossy(head).to_ascii_lowercase();
    let t = s.trim_start_matches('\u{feff}').trim_start();
    if t.starts_with("<!doctype html") || t.starts_with("<html") {
        return true;
    }
    let tags = [
        "<html", "<body", "<head", "<p>", "<p ", "<div", "<br", "<li", "<ul", "<ol", "<h1", "<h2",
        "<h3", "<table", "<span", "<strong", "<em>", "<a href", "<meta", "<title",
    ];
    let count = tags.iter().filter(|tag| t.contains(*tag)).count();
    if t.starts_with('<') && count >= 1 {
        return true;
    }
    hinted && count >= 1 || count >= 3 && t.contains("</")
}

const SKIP_CONTENT: &[&str] = &[
    "script", "style", "head", "noscript", "template", "svg", "iframe", "object",
];
const BLOCK: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "header",
    "footer",
    "main",
    "aside",
    "nav",
    "blockquote",
    "pre",
    "table",
    "tr",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "form",
    "fieldset",
    "figure",
    "figcaption",
    "hr",
    "address",
    "details",
    "summary",
    "body",
    "html",
];

/// Convert an HTML document or fragment to text with line structure.
pub fn html_to_text(src: &str) -> String {
    let mut out = String::with_capacity(src.len() / 2);
    let bytes = src.as_bytes();
    let mut i = 0;
    let mut pending_space = false;
    let mut list_stack: Vec<(bool, usize)> = Vec::new(); // (ordered, counter)
    while i < bytes.len() {
        if bytes[i] == b'<' {
            // comment
            if src[i..].starts_with("<!--") {
                i = src[i + 4..]
                    .find("-->")
                    .map(|p| i + 4 + p + 3)
                    .unwrap_or(bytes.len());
                continue;
            }
            let Some((name, closing, end)) = parse_tag(src, i) else {
                // a lone '<' is text
                push_text(&mut out, "<", &mut pending_space);
                i += 1;
                continue;
            };
            i = end;
            if !closing && SKIP_CONTENT.contains(&name.as_str()) {
                let close = format!("</{name}");
                i = find_ci(src, i, &close)
                    .map(|p| src[p..].find('>').map(|q| p + q + 1).unwrap_or(bytes.len()))
                    .unwrap_or(bytes.len());
                continue;
            }
            match name.as_str() {
                "br" => newline(&mut out, 1, &mut pending_space),
                "li" if !closing => {
                    newline(&mut out, 1, &mut pending_space);
                    let marker = match list_stack.last_mut() {
                        Some((true, n)) => {
                            *n += 1;
                            format!("{n}. ")
                        }
                        _ => "- ".to_string(),
                    };
                    out.push_str(&marker);
                }
                "li" => newline(&mut out, 1, &mut pending_space),
                "ul" | "ol" if !closing => {
                    list_stack.push((name == "ol", 0));
                    newline(&mut out, 2, &mut pending_space);
                }
                "ul" | "ol" => {
                    list_stack.pop();
                    newline(&mut out, 2, &mut pending_space);
                }
                "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                    newline(&mut out, 2, &mut pending_space);
                    if !closing {
                        out.push_str("# ");
                    }
                }
                "td" | "th" if !closing => pending_space = true,
                n if BLOCK.contains(&n) => newline(&mut out, 2, &mut pending_space),
                _ => {}
            }
            continue;
        }
        // text run up to the next tag
        let next = src[i..].find('<').map(|p| i + p).unwrap_or(bytes.len());
        let decoded = decode_entities(&src[i..next]);
        push_text(&mut out, &decoded, &mut pending_space);
        i = next;
    }
    tidy(&out)
}

/// Append text, collapsing whitespace runs into single spaces as HTML does.
fn push_text(out: &mut String, text: &str, pending_space: &mut bool) {
    for c in text.chars() {
        if c.is_whitespace() && c != '\u{a0}' {
            *pending_space = true;
            continue;
        }
        if *pending_space && !out.is_empty() && !out.ends_with('\n') && !out.ends_with(' ') {
            out.push(' ');
        }
        *pending_space = false;
        out.push(if c == '\u{a0}' { ' ' } else { c });
    }
}

fn newline(out: &mut String, n: usize, pending_space: &mut bool) {
    *pending_space = false;
    while out.ends_with(' ') {
        out.pop();
    }
    let have = out.chars().rev().take_while(|&c| c == '\n').count();
    for _ in have..n {
        out.push('\n');
    }
}

/// Parse a tag starting at `at` (which is '<'). Returns (lowercase name,
/// is closing tag, index after '>').
fn parse_tag(src: &str, at: usize) -> Option<(String, bool, usize)> {
    let b = src.as_bytes();
    let mut i = at + 1;
    let closing = b.get(i) == Some(&b'/');
    if closing {
        i += 1;
    }
    if b.get(i) == Some(&b'!') || b.get(i) == Some(&b'?') {
        // doctype, CDATA marker or processing instruction: skip it whole
        let end = src[i..].find('>').map(|p| i + p + 1)?;
        return Some((String::new(), false, end));
    }
    let name_start = i;
    while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'-' || b[i] == b':') {
        i += 1;
    }
    if i == name_start {
        return None;
    }
    let name = src[name_start..i].to_ascii_lowercase();
    // skip attributes, honouring quotes
    let mut quote: Option<u8> = None;
    while i < b.len() {
        let c = b[i];
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == b'"' || c == b'\'' => quote = Some(c),
            None if c == b'>' => return Some((name, closing, i + 1)),
            None => {}
        }
        i += 1;
    }
    Some((name, closing, b.len()))
}

/// Case-insensitive search for an ASCII needle from byte `from`.
fn find_ci(hay: &str, from: usize, needle: &str) -> Option<usize> {
    let h = hay.as_bytes();
    let n = needle.as_bytes();
    if n.is_empty() || h.len() < n.len() {
        return None;
    }
    (from..=h.len() - n.len()).find(|&p| h[p..p + n.len()].eq_ignore_ascii_case(n))
}

/// Decode `&name;`, `&#NN;` and `&#xHH;` entities. Unknown names stay as written.
pub fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(p) = rest.find('&') {
        out.push_str(&rest[..p]);
        let tail = &rest[p + 1..];
        let semi = tail.find(';').filter(|&q| q <= 12);
        let decoded = semi.and_then(|q| {
            let ent = &tail[..q];
            let c = if let Some(num) = ent.strip_prefix("#x").or_else(|| ent.strip_prefix("#X")) {
                u32::from_str_radix(num, 16).ok().and_then(char::from_u32)
            } else if let Some(num) = ent.strip_prefix('#') {
                num.parse::<u32>().ok().and_then(char::from_u32)
            } else {
                named_entity(ent)
            };
            c.map(|c| (c, q))
        });
        match decoded {
            Some((c, q)) => {
                out.push(if c == '\0' { '\u{fffd}' } else { c });
                rest = &tail[q + 1..];
            }
            None => {
                out.push('&');
                rest = tail;
            }
        }
    }
    out.push_str(rest);
    out
}

fn named_entity(name: &str) -> Option<char> {
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        "rsquo" => '\u{2019}',
        "lsquo" => '\u{2018}',
        "rdquo" => '\u{201D}',
        "ldquo" => '\u{201C}',
        "ndash" => '\u{2013}',
        "mdash" => '\u{2014}',
        "hellip" => '\u{2026}',
        "bull" => '\u{2022}',
        "middot" => '\u{00B7}',
        "copy" => '\u{00A9}',
        "reg" => '\u{00AE}',
        "trade" => '\u{2122}',
        "deg" => '\u{00B0}',
        "sect" => '\u{00A7}',
        "para" => '\u{00B6}',
        "eacute" => 'é',
        "egrave" => 'è',
        "aacute" => 'á',
        "agrave" => 'à',
        "iacute" => 'í',
        "oacute" => 'ó',
        "uacute" => 'ú',
        "ntilde" => 'ñ',
        "uuml" => 'ü',
        "ouml" => 'ö',
        "auml" => 'ä',
        "ccedil" => 'ç',
        "Eacute" => 'É',
        "Ntilde" => 'Ñ',
        "laquo" => '\u{00AB}',
        "raquo" => '\u{00BB}',
        "times" => '\u{00D7}',
        "frac12" => '\u{00BD}',
        "zwj" | "zwnj" | "shy" => '\u{200B}',
        "ensp" | "emsp" | "thinsp" => ' ',
        _ => return None,
    })
}

/// Trim each line and keep at most one blank line in a row.
fn tidy(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut blank = 0;
    for line in s.lines() {
        let l = line.trim().replace('\u{200B}', "");
        if l.is_empty() {
            blank += 1;
            if blank == 1 && !out.is_empty() {
                out.push('\n');
            }
            continue;
        }
        blank = 0;
        out.push_str(&l);
        out.push('\n');
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_and_structures() {
        let html = r#"<!DOCTYPE html><html><head><title>x</title><style>p{color:red}</style>
<script>var a = "<p>no</p>";</script></head><body>
<h1>House&nbsp;Rules</h1><p>Residents &amp; guests must <b>sign out</b>.</p>
<ul><li>No visitors</li><li>Curfew is 9&#160;p.m.</li></ul><!-- hidden -->
<ol><li>First</li><li>Second</li></ol>Line<br>break</body></html>"#;
        let t = html_to_text(html);
        assert_eq!(
            t,
            "# House Rules\n\nResidents & guests must sign out.\n\n- No visitors\n- Curfew is 9 p.m.\n\n1. First\n2. Second\n\nLine\nbreak\n"
        );
    }

    #[test]
    fn entities() {
        assert_eq!(
            decode_entities("a &lt;b&gt; &#x2019; &#8217; &unknown; & c"),
            "a <b> \u{2019} \u{2019} &unknown; & c"
        );
    }

    #[test]
    fn detection() {
        assert!(looks_like_html(b"<p>Hello</p>", false));
        assert!(!looks_like_html(b"# Rules\n- a < b\n", false));
        assert!(looks_like_html(b"Rules<br>more", true));
    }
}
