//! README.txt of the export, built from the same section list as the files, so every
//! field in the archive has its explanation. The words are Fluent messages.

use super::{coverage, sections};
use crate::i18n::Lang;

const WIDTH: usize = 78;

/// Wraps a paragraph at `WIDTH`, indenting every line by `indent` (the first line by
/// `first` instead, for list bullets).
fn wrap(out: &mut String, text: &str, first: &str, indent: &str) {
    for (n, para) in text.split('\n').enumerate() {
        let mut line = String::from(if n == 0 { first } else { indent });
        let mut empty = true;
        for word in para.split_whitespace() {
            if !empty && line.chars().count() + 1 + word.chars().count() > WIDTH {
                out.push_str(line.trim_end());
                out.push('\n');
                line = indent.to_string();
                empty = true;
            }
            if !empty {
                line.push(' ');
            }
            line.push_str(word);
            empty = false;
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
}

fn heading(out: &mut String, text: &str, underline: char) {
    out.push('\n');
    out.push_str(text);
    out.push('\n');
    out.push_str(&underline.to_string().repeat(text.chars().count()));
    out.push_str("\n\n");
}

pub fn text(lang: &Lang, institute: &str, exported_at: &str) -> String {
    let mut out = String::new();
    let title = lang.ta("export-readme-title", &[("institute", institute)]);
    out.push_str(&title);
    out.push('\n');
    out.push_str(&"=".repeat(title.chars().count()));
    out.push_str("\n\n");
    wrap(
        &mut out,
        &lang.ta(
            "export-readme-intro",
            &[("institute", institute), ("at", exported_at)],
        ),
        "",
        "",
    );
    out.push('\n');
    wrap(&mut out, &lang.t("export-readme-format"), "", "");

    heading(&mut out, &lang.t("export-readme-files"), '=');
    for file in sections::FILES {
        heading(&mut out, &format!("{file}.json"), '-');
        wrap(&mut out, &lang.t(&format!("export-file-{file}")), "", "");
        for s in sections::SECTIONS.iter().filter(|s| s.file == *file) {
            out.push('\n');
            wrap(
                &mut out,
                &format!(
                    "\"{}\": {}",
                    s.name,
                    lang.t(&format!("export-{file}-{}", s.name))
                ),
                "  ",
                "  ",
            );
            for (field, _) in s.fields {
                let line = format!(
                    "{field}: {}",
                    lang.t(&format!("export-{file}-{}-{field}", s.name))
                );
                wrap(&mut out, &line, "    - ", "      ");
            }
        }
    }

    heading(&mut out, &lang.t("export-readme-left-out"), '=');
    let mut reasons: Vec<&str> = Vec::new();
    for c in coverage::COLUMNS {
        if let coverage::Export::Left(k) = c.2 {
            if !reasons.contains(&k) {
                reasons.push(k);
            }
        }
    }
    reasons.push("emails");
    for k in reasons {
        wrap(
            &mut out,
            &lang.t(&format!("export-left-{k}")),
            "  - ",
            "    ",
        );
    }

    heading(&mut out, &lang.t("export-readme-delete"), '=');
    wrap(&mut out, &lang.t("export-delete-intro"), "", "");
    out.push('\n');
    for k in [
        "removed",
        "certificates",
        "organizations",
        "authored",
        "audit",
    ] {
        wrap(
            &mut out,
            &lang.t(&format!("export-delete-{k}")),
            "  - ",
            "    ",
        );
    }
    out.push('\n');
    wrap(&mut out, &lang.t("export-readme-questions"), "", "");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_message_the_readme_uses_exists() {
        let t = text(&Lang::default(), "Institute", "2026-01-01T00:00:00Z");
        // A missing message shows its own key, which starts with "export-".
        let missing: Vec<&str> = t
            .split_whitespace()
            .filter(|w| w.starts_with("export-"))
            .collect();
        assert!(missing.is_empty(), "missing messages: {missing:?}");
        assert!(
            t.lines()
                .all(|l| l.chars().count() <= WIDTH || !l.contains(' ')),
            "lines wrap at {WIDTH}"
        );
    }
}
