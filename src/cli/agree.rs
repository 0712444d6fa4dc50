//! `marginalia agree PROJECT [--annotator NAME]... [--json]`: inter-annotator agreement.
use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use crate::model::Project;
use crate::review::{AgreementReport, LinkF1, OverlapF1, agreement, default_annotators};

/// Agreement between annotators over the documents they all marked done (see docs/agreement.md).
#[derive(Debug, clap::Args)]
pub struct AgreeArgs {
    pub project: PathBuf,
    /// An annotator to compare (repeat; default: everyone but `gold`). At least two.
    #[arg(long = "annotator", value_name = "NAME")]
    pub annotators: Vec<String>,
    /// Print the full report as JSON (undefined values are null).
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: AgreeArgs) -> ExitCode {
    match agree(&args) {
        Ok(out) => {
            print!("{out}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

/// The text to print, or what went wrong.
pub fn agree(args: &AgreeArgs) -> Result<String, String> {
    let loaded = super::read_project(&args.project).map_err(|e| e.to_string())?;
    for p in &loaded.problems {
        eprintln!("warning: {}: {p}", args.project.display());
    }
    let annotators = choose_annotators(&loaded.project, &args.annotators)?;
    let report = agreement(&loaded.project, &annotators);
    if args.json {
        serde_json::to_string_pretty(&report)
            .map(|s| s + "\n")
            .map_err(|e| e.to_string())
    } else {
        Ok(render(&report, &loaded.project))
    }
}

fn choose_annotators(project: &Project, asked: &[String]) -> Result<Vec<String>, String> {
    let known = project.annotators();
    let names = if asked.is_empty() {
        default_annotators(project)
    } else {
        asked.to_vec()
    };
    if let Some(unknown) = names.iter().find(|n| !known.contains(n)) {
        return Err(format!(
            "nobody named “{unknown}” annotated this project; annotators: {}",
            list(&known)
        ));
    }
    if names.len() < 2 {
        return Err(format!(
            "agreement needs at least two annotators, found {}: merge colleagues' copies first \
             (marginalia merge) or name them with --annotator",
            list(&names)
        ));
    }
    Ok(names)
}

fn list(names: &[String]) -> String {
    if names.is_empty() {
        "none".into()
    } else {
        names.join(", ")
    }
}

/// A number to 4 decimals, or "n/a" when undefined.
pub fn number(x: Option<f64>) -> String {
    x.map_or_else(|| "n/a".to_owned(), |v| format!("{v:.4}"))
}

fn overlap(o: &OverlapF1) -> String {
    format!(
        "{} (P {}, R {})",
        number(o.f1),
        number(o.precision),
        number(o.recall)
    )
}

/// "0.4000 (P 0.5000, R 0.3333; 1 agreed of 3/2 links)".
fn links(l: &LinkF1) -> String {
    format!(
        "{} (P {}, R {}; {} agreed of {}/{} links)",
        number(l.f1),
        number(l.precision),
        number(l.recall),
        l.agreed,
        l.links_a,
        l.links_b
    )
}

/// The report as a text table, labels by their names (the JSON keeps the ids, which never
/// change).
pub fn render(r: &AgreementReport, project: &Project) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "Annotators: {}", r.annotators.join(", "));
    let _ = writeln!(
        s,
        "Documents counted: {} (marked done by every annotator); left out: {}",
        r.documents, r.documents_not_done
    );
    if r.documents == 0 {
        let _ = writeln!(
            s,
            "  No document is marked done by all of them yet: each annotator marks a document done \
             when finished, and only those count."
        );
    }
    let _ = writeln!(s, "Character units: {}\n", r.units);
    let _ = writeln!(s, "Overall");
    let _ = writeln!(s, "  Fleiss' kappa          {}", number(r.fleiss_kappa));
    let _ = writeln!(
        s,
        "  Krippendorff's alpha   {}",
        number(r.krippendorff_alpha)
    );
    let _ = writeln!(s, "  Span F1, exact         {}", number(r.span_f1_exact));
    let _ = writeln!(
        s,
        "  Span F1, overlap       {}",
        overlap(&r.span_f1_overlap)
    );
    let _ = writeln!(s, "  Link F1                {}\n", links(&r.link_f1));
    let _ = writeln!(
        s,
        "{:<28} {:>8} {:>9}  F1 overlap",
        "Pair", "Cohen κ", "F1 exact"
    );
    for p in &r.pairs {
        let pair = format!("{} × {}", p.a, p.b);
        let _ = writeln!(
            s,
            "  {:<26} {:>8} {:>9}  {}",
            pair,
            number(p.cohen_kappa),
            number(p.span_f1_exact),
            overlap(&p.span_f1_overlap)
        );
        let _ = writeln!(s, "  {:<26} link F1 {}", "", links(&p.link_f1));
    }
    let _ = writeln!(
        s,
        "\n{:<28} {:>8} {:>9}  F1 overlap",
        "Label (all pairs)", "spans", "F1 exact"
    );
    for l in &r.per_label {
        let spans = format!("{}/{}", l.spans_a, l.spans_b);
        let _ = writeln!(
            s,
            "  {:<26} {:>8} {:>9}  {}",
            project.label_name(&l.label),
            spans,
            number(l.span_f1_exact),
            overlap(&l.span_f1_overlap)
        );
    }
    s
}
