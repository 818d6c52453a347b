//! Markdown written by staff (lessons, resource pages) becomes HTML that is safe to show:
//! pulldown-cmark renders it and ammonia removes anything that could run script or change
//! the page around it. A line holding only a YouTube or Vimeo address becomes an embedded
//! player, built here from the video id alone, never from the author's HTML.

use std::sync::OnceLock;

use pulldown_cmark::{html, Options, Parser};

fn cleaner() -> &'static ammonia::Builder<'static> {
    static C: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    C.get_or_init(|| {
        let mut b = ammonia::Builder::default();
        b.url_schemes(["https", "http", "mailto"].into_iter().collect());
        b.link_rel(Some("noopener noreferrer"));
        b
    })
}

/// The embed address for a YouTube or Vimeo link, if it is one.
fn video_embed(line: &str) -> Option<String> {
    let url = url::Url::parse(line.trim()).ok()?;
    if url.scheme() != "https" {
        return None;
    }
    let ok_id = |s: &str| {
        !s.is_empty()
            && s.len() <= 32
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    };
    match url.host_str()? {
        "www.youtube.com" | "youtube.com" | "m.youtube.com" => {
            let id = url
                .query_pairs()
                .find(|(k, _)| k == "v")
                .map(|(_, v)| v.into_owned())?;
            ok_id(&id).then(|| format!("https://www.youtube-nocookie.com/embed/{id}"))
        }
        "youtu.be" => {
            let id = url.path().trim_start_matches('/').to_string();
            ok_id(&id).then(|| format!("https://www.youtube-nocookie.com/embed/{id}"))
        }
        "vimeo.com" | "www.vimeo.com" => {
            let id = url.path().trim_start_matches('/').to_string();
            (ok_id(&id) && id.chars().all(|c| c.is_ascii_digit()))
                .then(|| format!("https://player.vimeo.com/video/{id}"))
        }
        _ => None,
    }
}

/// Renders Markdown to sanitized HTML. `video_title` labels embedded players for screen
/// readers.
pub fn to_html(md: &str, video_title: &str) -> String {
    let mut videos = Vec::new();
    let mut src = String::with_capacity(md.len());
    for line in md.lines() {
        match video_embed(line) {
            Some(embed) => {
                src.push_str(&format!("\n\nttavideo{}\n\n", videos.len()));
                videos.push(embed);
            }
            None => {
                src.push_str(line);
                src.push('\n');
            }
        }
    }
    let mut opts = Options::empty();
    opts.insert(Options::ENABLE_TABLES);
    opts.insert(Options::ENABLE_STRIKETHROUGH);
    let mut raw = String::new();
    html::push_html(&mut raw, Parser::new_ext(&src, opts));
    let mut out = cleaner().clean(&raw).to_string();
    let title = ammonia::clean_text(video_title);
    for (i, embed) in videos.iter().enumerate() {
        let frame = format!(
            "<div class=\"video\"><iframe src=\"{embed}\" title=\"{title}\" loading=\"lazy\" allow=\"fullscreen; picture-in-picture\" allowfullscreen></iframe></div>"
        );
        out = out.replace(&format!("<p>ttavideo{i}</p>"), &frame);
    }
    // Tables scroll sideways on a phone instead of widening the page.
    out.replace(
        "<table>",
        "<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"Table\"><table>",
    )
    .replace("</table>", "</table></div>")
}

/// Plain text of Markdown, for search and summaries.
pub fn to_text(md: &str) -> String {
    use pulldown_cmark::{Event, Tag, TagEnd};
    let mut out = String::new();
    for ev in Parser::new(md) {
        match ev {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak
            | Event::HardBreak
            | Event::End(TagEnd::Paragraph)
            | Event::End(TagEnd::Item)
            | Event::End(TagEnd::Heading(_)) => out.push('\n'),
            Event::Start(Tag::Item) => out.push_str("- "),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_and_handlers_are_removed() {
        let h = to_html("Hi <script>alert(1)</script> <a href=\"javascript:x\" onclick=\"y\">l</a> <img src=x onerror=z>", "v");
        assert!(
            !h.contains("script")
                && !h.contains("javascript")
                && !h.contains("onclick")
                && !h.contains("onerror"),
            "{h}"
        );
    }

    #[test]
    fn video_lines_become_players_and_nothing_else_does() {
        let h = to_html("Watch:\n\nhttps://www.youtube.com/watch?v=abc_123\n\nhttps://vimeo.com/12345\n\nhttps://evil.example/watch?v=x\n\nhttps://www.youtube.com/watch?v=\"><script>", "Video");
        assert!(
            h.contains("https://www.youtube-nocookie.com/embed/abc_123"),
            "{h}"
        );
        assert!(h.contains("https://player.vimeo.com/video/12345"));
        assert_eq!(h.matches("<iframe").count(), 2);
        assert!(!h.contains("<script"));
    }

    #[test]
    fn tables_scroll() {
        let h = to_html("| a | b |\n|---|---|\n| 1 | 2 |", "v");
        assert!(h.contains("table-wrap"));
    }
}
