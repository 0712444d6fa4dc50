//! doccano's sequence-labeling JSONL: `{"text", "label": [[start, end, label]], ...}`.
//! Extra keys (`title`, `source`) become document metadata when doccano imports the file.
use std::path::Path;

use serde::Serialize;

use super::{
    ExportError, ExportReport, Job, OffsetUnit, check_target, write_file, write_json_line,
};

#[derive(Serialize)]
struct Record<'a> {
    text: &'a str,
    label: Vec<(usize, usize, &'a str)>,
    title: &'a str,
    source: &'a str,
}

pub(super) fn write(
    job: &Job<'_>,
    out: &Path,
    progress: &mut dyn FnMut(usize, usize),
    report: &mut ExportReport,
) -> Result<(), ExportError> {
    check_target(out, job.opts.force)?;
    if job.unit() != OffsetUnit::Codepoints {
        report.warnings.push(format!(
            "doccano files have no field for the offset unit: offsets are in {} as asked, \
             but doccano itself expects code points",
            job.unit().name()
        ));
    }
    write_file(out, report, |w, report| {
        job.for_each_doc(progress, report, |view, _| {
            let label = view
                .spans
                .iter()
                .map(|a| (view.offset(a.start), view.offset(a.end), a.label.as_str()))
                .collect();
            write_json_line(
                w,
                &Record {
                    text: view.text(),
                    label,
                    title: &view.doc.title,
                    source: &view.doc.source,
                },
            )
        })
    })
}
