//! Agreement numbers against golden values computed by scikit-learn, statsmodels and the
//! `krippendorff` package (see tests/golden/agreement/make_golden.py, which wrote cases.json).
use marginalia::model::{Annotation, AnnotationId, DocId, Document, Edit, Project, Span};
use marginalia::review::{AgreementReport, LabelAgreement, OverlapF1, agreement};
use serde_json::Value;

const TOLERANCE: f64 = 1e-9;

fn cases() -> Vec<Value> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/golden/agreement/cases.json"
    );
    let text = std::fs::read_to_string(path).expect("cases.json is committed");
    let json: Value = serde_json::from_str(&text).expect("cases.json is valid JSON");
    json["cases"].as_array().expect("a list of cases").clone()
}

fn strings(v: &Value) -> Vec<String> {
    (v.as_array().unwrap().iter())
        .map(|s| s.as_str().unwrap().to_owned())
        .collect()
}

/// The case's documents, spans and done marks as a project.
fn build(case: &Value) -> Project {
    let mut p = Project::new("golden");
    let labels: Vec<_> = p.labels().iter().map(|l| l.id.clone()).collect();
    assert_eq!(labels, strings(&case["labels"]), "label set order");
    let mut next_id = 1;
    for (n, d) in case["documents"].as_array().unwrap().iter().enumerate() {
        let doc = DocId(n as u64 + 1);
        let text = d["text"].as_str().unwrap();
        p.apply(&Edit::AddDocument(Document::new(doc, "t", "", text)))
            .unwrap();
        for (annotator, spans) in d["spans"].as_object().unwrap() {
            for s in spans.as_array().unwrap() {
                let (start, end) = (s[0].as_u64().unwrap(), s[1].as_u64().unwrap());
                let span = Span::new(start as usize, end as usize);
                let a = Annotation::new(
                    AnnotationId(next_id),
                    doc,
                    span,
                    s[2].as_str().unwrap(),
                    annotator,
                );
                next_id += 1;
                p.apply(&Edit::AddAnnotation(a)).unwrap();
            }
        }
        for annotator in strings(&d["done_by"]) {
            p.apply(&Edit::SetDone {
                annotator,
                document: doc,
                done: true,
            })
            .unwrap();
        }
    }
    p
}

fn assert_number(what: &str, got: Option<f64>, want: &Value) {
    match (got, want.as_f64()) {
        (None, None) => {}
        (Some(g), Some(w)) => assert!(
            (g - w).abs() <= TOLERANCE,
            "{what}: got {g}, reference {w} (diff {:e})",
            (g - w).abs()
        ),
        (g, _) => panic!("{what}: got {g:?}, reference {want}"),
    }
}

fn assert_overlap(what: &str, got: &OverlapF1, want: &Value) {
    assert_number(
        &format!("{what} precision"),
        got.precision,
        &want["precision"],
    );
    assert_number(&format!("{what} recall"), got.recall, &want["recall"]);
    assert_number(&format!("{what} overlap F1"), got.f1, &want["f1"]);
}

fn assert_label(what: &str, got: &LabelAgreement, want: &Value) {
    assert_eq!(got.label, want["label"].as_str().unwrap(), "{what}");
    assert_eq!(
        Some(got.spans_a),
        want["spans_a"].as_u64(),
        "{what} spans a"
    );
    assert_eq!(
        Some(got.spans_b),
        want["spans_b"].as_u64(),
        "{what} spans b"
    );
    assert_number(
        &format!("{what} exact F1"),
        got.span_f1_exact,
        &want["span_f1_exact"],
    );
    assert_overlap(what, &got.span_f1_overlap, &want["span_f1_overlap"]);
}

fn check(case: &Value, report: &AgreementReport) {
    let name = case["name"].as_str().unwrap();
    let want = &case["expected"];
    assert_eq!(
        Some(report.documents as u64),
        want["documents"].as_u64(),
        "{name}"
    );
    assert_eq!(Some(report.units), want["units"].as_u64(), "{name}");
    assert_number(
        &format!("{name}: Fleiss"),
        report.fleiss_kappa,
        &want["fleiss_kappa"],
    );
    assert_number(
        &format!("{name}: Krippendorff"),
        report.krippendorff_alpha,
        &want["krippendorff_alpha"],
    );
    let pairs = want["pairs"].as_array().unwrap();
    assert_eq!(report.pairs.len(), pairs.len(), "{name}: pairs");
    for (got, want) in report.pairs.iter().zip(pairs) {
        let what = format!("{name}: {} × {}", got.a, got.b);
        assert_eq!(got.a, want["a"].as_str().unwrap(), "{what}");
        assert_eq!(got.b, want["b"].as_str().unwrap(), "{what}");
        assert_number(
            &format!("{what} Cohen"),
            got.cohen_kappa,
            &want["cohen_kappa"],
        );
        assert_number(
            &format!("{what} exact F1"),
            got.span_f1_exact,
            &want["span_f1_exact"],
        );
        assert_overlap(&what, &got.span_f1_overlap, &want["span_f1_overlap"]);
        let confusion: Vec<Vec<u64>> = serde_json::from_value(want["confusion"].clone()).unwrap();
        assert_eq!(got.confusion.counts, confusion, "{what} confusion");
        let labels = want["per_label"].as_array().unwrap();
        assert_eq!(got.per_label.len(), labels.len(), "{what}");
        for (g, w) in got.per_label.iter().zip(labels) {
            assert_label(&format!("{what} {}", g.label), g, w);
        }
    }
}

#[test]
fn agreement_matches_the_reference_libraries() {
    let cases = cases();
    assert!(cases.len() >= 8, "the golden file holds every case");
    for case in &cases {
        let project = build(case);
        let report = agreement(&project, &strings(&case["annotators"]));
        check(case, &report);
    }
}

#[test]
fn the_golden_file_covers_undefined_and_defined_values() {
    let cases = cases();
    let fleiss: Vec<bool> = (cases.iter())
        .map(|c| c["expected"]["fleiss_kappa"].is_null())
        .collect();
    assert!(fleiss.contains(&true) && fleiss.contains(&false));
}

#[test]
fn report_serialises_undefined_values_as_null_never_nan() {
    let cases = cases();
    let undefined = (cases.iter())
        .find(|c| c["name"].as_str().unwrap().starts_with("undefined: nobody"))
        .unwrap();
    let report = agreement(&build(undefined), &strings(&undefined["annotators"]));
    let json = serde_json::to_value(&report).unwrap();
    assert!(json["fleiss_kappa"].is_null());
    assert!(json["pairs"][0]["cohen_kappa"].is_null());
    assert!(!serde_json::to_string(&report).unwrap().contains("NaN"));
}
