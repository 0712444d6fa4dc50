//! Command-line choices for the library's plain enums (export and dataset formats, offset
//! units): the library types carry no clap derives; here each lists its values with the
//! name typed on the command line and a help line for `--help`.
use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};

use crate::export::{Format, OffsetUnit};
use crate::import::datasets::DatasetFormat;

pub trait Choice: Copy + Send + Sync + 'static {
    const ALL: &'static [Self];
    fn name(self) -> &'static str;
    fn help(self) -> &'static str;
}

/// A clap value parser that accepts exactly the names of `T`'s values.
pub fn parser<T: Choice>() -> impl TypedValueParser<Value = T> {
    let values = (T::ALL.iter()).map(|v| PossibleValue::new(v.name()).help(v.help()));
    PossibleValuesParser::new(values).map(|name: String| {
        *(T::ALL.iter())
            .find(|v| v.name() == name)
            .expect("clap accepts only these names")
    })
}

impl Choice for Format {
    const ALL: &'static [Self] = Format::ALL;
    fn name(self) -> &'static str {
        Format::name(self)
    }
    fn help(self) -> &'static str {
        match self {
            Format::Jsonl => {
                "One JSON object per document, with every annotation (Marginalia's own format)"
            }
            Format::Doccano => {
                "doccano JSONL: `label` triples and the relation format's `entities` and `relations`"
            }
            Format::LabelStudio => {
                "A JSON list of Label Studio tasks, plus the labeling config beside it"
            }
            Format::Spacy => "spaCy-ready JSONL (`text`, `spans`), for `Doc.char_span`",
            Format::Conll => "CoNLL IOB2, one token per line",
            Format::Brat => {
                "A brat standoff folder (`.txt` + `.ann` per document, `annotation.conf`)"
            }
            Format::Csv => "One row per annotation, UTF-8 with BOM for spreadsheets",
        }
    }
}

impl Choice for OffsetUnit {
    const ALL: &'static [Self] = OffsetUnit::ALL;
    fn name(self) -> &'static str {
        OffsetUnit::name(self)
    }
    fn help(self) -> &'static str {
        match self {
            OffsetUnit::Codepoints => {
                "Unicode code points: Python's `text[start:end]` (the default)"
            }
            OffsetUnit::Utf16 => "UTF-16 code units: JavaScript's `text.slice(start, end)`",
            OffsetUnit::Utf8 => "UTF-8 bytes: Rust's `&text[start..end]`",
        }
    }
}

impl Choice for DatasetFormat {
    const ALL: &'static [Self] = DatasetFormat::ALL;
    fn name(self) -> &'static str {
        DatasetFormat::name(self)
    }
    fn help(self) -> &'static str {
        match self {
            DatasetFormat::Jsonl => "Marginalia's own JSONL export",
            DatasetFormat::Doccano => "doccano JSONL (`label` triples or `entities` objects)",
            DatasetFormat::LabelStudio => {
                "A Label Studio JSON export (a list of tasks with `annotations`)"
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_value_parses_from_its_name_and_nothing_else_does() {
        let cmd = clap::Command::new("t");
        for f in Format::ALL {
            let v = parser::<Format>()
                .parse_ref(&cmd, None, f.name().as_ref())
                .unwrap();
            assert_eq!(v, *f);
        }
        assert!(
            parser::<Format>()
                .parse_ref(&cmd, None, "xml".as_ref())
                .is_err()
        );
        for d in DatasetFormat::ALL {
            let v = parser::<DatasetFormat>()
                .parse_ref(&cmd, None, d.name().as_ref())
                .unwrap();
            assert_eq!(v, *d);
        }
    }
}
