//! # tta-review: policy review for voluntary, survivor-centred services
//!
//! tta helps anti-trafficking programs check their own written rules. This
//! crate reads a house-rules document (plain text, Markdown, HTML, DOCX or
//! PDF), splits it into sentences and list items, and flags each rule that
//! makes help conditional or controlling, using the 18-category taxonomy of
//! coercive practices in the field notes (mandatory services, required
//! religion, phones taken, isolation, movement limits, and so on). Every
//! finding explains, in plain language, why the practice harms survivors,
//! offers voluntary wording to use instead, and names the standards it goes
//! against.
//!
//! The library has no web types; the `tta` application wraps it.
//!
//! ```
//! let report = tta_review::review("Residents must turn in their cell phones at intake.");
//! assert_eq!(report.findings[0].category, "phone_device_control");
//! println!("{}", tta_review::to_text(&report, "house-rules.md"));
//! ```
//!
//! Modules:
//! * [`extract`]: bytes of an upload to text, with user-facing errors.
//! * [`language`]: whether the rules can read the document's language.
//! * [`split`]: text to sentences and list items with exact offsets.
//! * [`rules`]: the rules file (`rules/rules.toml`), loading and validation.
//! * [`engine`]: the matcher.
//! * [`report`]: findings and summary.
//! * [`render`]: text, Markdown and JSON reports.
//! * [`bench`]: a synthetic handbook and a plain cue scan for benchmarks.

pub mod bench;
pub mod engine;
pub mod extract;
pub mod language;
pub mod normalize;
pub mod render;
pub mod report;
pub mod rules;
pub mod split;

pub use bench::{bench_handbook, cue_regexset, one_line_sentences, one_long_sentence};
pub use engine::review;
pub use extract::{extract, extract_with, ExtractError, Limits, MAX_UPLOAD_BYTES};
pub use language::Language;
pub use render::{to_json, to_json_value, to_markdown, to_text};
pub use report::{Finding, Report, Summary};
pub use rules::{Category, Rules, RulesError, Severity, Standard};
pub use split::{split, Segment, SegmentKind};
