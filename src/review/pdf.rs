//! The policy review as a PDF to share with a board or a team: the overall reading, the
//! counts, and each flagged clause with why it harms and what to write instead.

use tta_review::Report;

use super::marked;
use crate::{
    pdf::{Doc, Font, BRAND, INK, MUTED, RED},
    web::context::Ctx,
};

pub fn report(ctx: &Ctx, name: &str, text: &str, report: &Report) -> Vec<u8> {
    let title = ctx.t1("review-pdf-title", "name", name);
    let mut doc = Doc::new(
        &title,
        &format!("{} · {}", ctx.institute, ctx.t("review-pdf-footer")),
    );
    doc.heading(&title, 18.0);
    doc.text(
        &ctx.t1("review-pdf-date", "date", ctx.date(crate::db::now())),
        Font::Regular,
        9.5,
        MUTED,
    );
    doc.space(8.0);
    doc.text(&report.summary.reading, Font::Bold, 12.0, INK);
    doc.space(6.0);
    let rows = super::category_rows(report);
    if !rows.is_empty() {
        doc.heading(&ctx.t("review-by-category"), 13.0);
        for (title, n, red) in rows {
            let label = if red {
                ctx.t("review-red-line")
            } else {
                ctx.t("review-concern")
            };
            doc.text(&format!("{title} ({label}): {n}"), Font::Regular, 10.5, INK);
        }
    }
    let m = marked::build(text, report);
    if !m.clauses.is_empty() {
        doc.heading(&ctx.t("review-findings"), 13.0);
    }
    for c in &m.clauses {
        doc.space(4.0);
        doc.label(
            &format!(
                "{} {} · {}",
                ctx.t("review-clause"),
                c.n,
                ctx.t1("review-line", "line", c.line)
            ),
            if c.red { RED } else { BRAND },
        );
        doc.quote(&c.text, if c.red { RED } else { BRAND });
        for i in &c.issues {
            let sev = if i.red {
                ctx.t("review-red-line")
            } else {
                ctx.t("review-concern")
            };
            doc.text(&format!("{} ({sev})", i.title), Font::Bold, 10.5, INK);
            doc.paragraph(&format!("{} {}", ctx.t("review-why"), i.explanation));
            doc.paragraph(&format!("{} {}", ctx.t("review-instead"), i.alternative));
            if !i.standards.is_empty() {
                doc.text(
                    &format!("{} {}", ctx.t("review-standards"), i.standards.join("; ")),
                    Font::Regular,
                    9.0,
                    MUTED,
                );
            }
        }
        doc.rule();
    }
    doc.space(6.0);
    doc.text(&ctx.t("review-pdf-note"), Font::Regular, 9.0, MUTED);
    doc.finish()
}
