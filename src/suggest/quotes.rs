//! Quotation-mark pairing: curly, straight and single marks, guillemets, and the news
//! convention of a quote running over paragraphs (each continuing paragraph opens with a
//! mark; only the last one closes).

/// A direct quote within one paragraph, marks included (byte offsets in the paragraph).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Quoted {
    pub start: usize,
    pub end: usize,
    /// Opened but not closed in this paragraph: the quote goes on in the next one.
    pub runs_on: bool,
    /// The rest of a quote that an earlier paragraph opened.
    pub continues: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mark {
    CurlyDouble,
    StraightDouble,
    CurlySingle,
    StraightSingle,
    Guillemet,
    LowDouble,
}

fn opening(c: char, prev: Option<char>, next: Option<char>) -> Option<Mark> {
    let word_start = prev.is_none_or(|p| p.is_whitespace() || "([{—–-/".contains(p))
        && next.is_some_and(|n| !n.is_whitespace());
    match c {
        '“' => Some(Mark::CurlyDouble),
        '«' => Some(Mark::Guillemet),
        '„' => Some(Mark::LowDouble),
        '"' if next.is_some_and(|n| !n.is_whitespace()) => Some(Mark::StraightDouble),
        '‘' if word_start => Some(Mark::CurlySingle),
        '\'' if word_start && next.is_some_and(char::is_alphanumeric) => Some(Mark::StraightSingle),
        _ => None,
    }
}

fn closes(mark: Mark, c: char, prev: Option<char>, next: Option<char>) -> bool {
    // A single mark inside a word ("Pakistan’s", "panel's") is an apostrophe.
    let word_end =
        prev.is_some_and(|p| !p.is_whitespace()) && next.is_none_or(|n| !n.is_alphanumeric());
    match mark {
        Mark::CurlyDouble | Mark::LowDouble => c == '”' || (mark == Mark::LowDouble && c == '“'),
        Mark::StraightDouble => c == '"',
        Mark::Guillemet => c == '»',
        Mark::CurlySingle => c == '’' && word_end,
        Mark::StraightSingle => c == '\'' && word_end,
    }
}

/// The direct quotes of consecutive paragraphs (`paras`: each paragraph's text).
pub fn find_quotes(paras: &[&str]) -> Vec<Vec<Quoted>> {
    let mut out: Vec<Vec<Quoted>> = Vec::with_capacity(paras.len());
    let mut carried = false;
    for (p, para) in paras.iter().enumerate() {
        let mut quotes = Vec::new();
        let mut open: Option<(usize, Mark)> = None;
        let mut prev: Option<char> = None;
        let mut chars = para.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            let next = chars.peek().map(|&(_, n)| n);
            match open {
                Some((start, mark)) if closes(mark, c, prev, next) => {
                    let continues = carried && quotes.is_empty();
                    quotes.push(Quoted {
                        start,
                        end: i + c.len_utf8(),
                        runs_on: false,
                        continues,
                    });
                    open = None;
                }
                Some(_) => {}
                None => open = opening(c, prev, next).map(|m| (i, m)),
            }
            prev = Some(c);
        }
        carried = false;
        if let Some((start, _)) = open {
            let next_opens = paras
                .get(p + 1)
                .and_then(|n| n.trim_start().chars().next())
                .is_some_and(|c| "“\"‘'«„".contains(c));
            if next_opens {
                let continues = p > 0 && out[p - 1].last().is_some_and(|q| q.runs_on);
                quotes.push(Quoted {
                    start,
                    end: para.trim_end().len(),
                    runs_on: true,
                    continues: continues && quotes.is_empty(),
                });
                carried = true;
            }
        }
        out.push(quotes);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans(paras: &[&str]) -> Vec<Vec<&'static str>> {
        let found = find_quotes(paras);
        let leak = |s: &str| -> &'static str { Box::leak(s.to_owned().into_boxed_str()) };
        found
            .iter()
            .zip(paras)
            .map(|(qs, p)| qs.iter().map(|q| leak(&p[q.start..q.end])).collect())
            .collect()
    }

    #[test]
    fn pairs_curly_straight_and_single_marks_but_not_apostrophes() {
        let got = spans(&["“A,” he said. \"B\" and 'C,' the panel's chair said; Pakistan’s ‘D’."]);
        assert_eq!(got, [vec!["“A,”", "\"B\"", "'C,'", "‘D’"]]);
    }

    #[test]
    fn a_quote_runs_over_paragraphs_and_nested_marks_stay_inside() {
        let got = spans(&["“One ‘two’ three.", "“Four,” he said.", "Plain “open"]);
        assert_eq!(got, [vec!["“One ‘two’ three."], vec!["“Four,”"], vec![]]);
        let found = find_quotes(&["“One.", "“Two.”"]);
        assert!(found[0][0].runs_on && found[1][0].continues);
    }
}
