//! The agreement coefficients, computed from counts with exact integer arithmetic and one
//! final division, so they match scikit-learn, statsmodels and `krippendorff` to the last
//! digits. Each returns `None` where the coefficient is undefined (0/0), never NaN.

/// `numerator / denominator`, or `None` when the denominator is zero.
fn ratio(numerator: i128, denominator: i128) -> Option<f64> {
    (denominator != 0).then(|| numerator as f64 / denominator as f64)
}

/// Cohen's kappa from a square confusion matrix (`counts[row * k + col]`, row = first
/// annotator's label): (po − pe) / (1 − pe). Undefined with no units, or when both
/// annotators used one and the same label everywhere (pe = 1), as in scikit-learn.
pub fn cohen_kappa(counts: &[u64], k: usize) -> Option<f64> {
    let n: i128 = counts.iter().map(|&c| c as i128).sum();
    let agreed: i128 = (0..k).map(|i| counts[i * k + i] as i128).sum();
    let chance: i128 = (0..k)
        .map(|i| {
            let row: i128 = (0..k).map(|j| counts[i * k + j] as i128).sum();
            let col: i128 = (0..k).map(|j| counts[j * k + i] as i128).sum();
            row * col
        })
        .sum();
    // κ = (n·agreed − chance) / (n² − chance), the same fraction multiplied by n².
    ratio(n * agreed - chance, n * n - chance)
}

/// Counts behind Fleiss' kappa and Krippendorff's alpha when every one of `raters`
/// annotators labels every one of `units` units.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct UnitTotals {
    pub units: u64,
    pub raters: u64,
    /// Sum over units of the number of annotator pairs (unordered) giving the same label.
    pub agreeing_pairs: u64,
    /// Sum over labels of (number of times the label was given)².
    pub label_total_squares: u128,
}

impl UnitTotals {
    /// From per-label totals over all annotators and units.
    pub fn new(units: u64, raters: u64, agreeing_pairs: u64, label_totals: &[u64]) -> Self {
        Self {
            units,
            raters,
            agreeing_pairs,
            label_total_squares: label_totals
                .iter()
                .map(|&t| (t as u128) * (t as u128))
                .sum(),
        }
    }

    /// Number of labels given: units × raters.
    fn values(&self) -> i128 {
        self.units as i128 * self.raters as i128
    }

    /// (units × raters)² − Σ totals²: zero exactly when a single label was given.
    fn spread(&self) -> i128 {
        let m = self.values();
        m * m - self.label_total_squares as i128
    }
}

/// Fleiss' kappa (statsmodels `fleiss_kappa`, method "fleiss"): (P̄ − P̄e) / (1 − P̄e).
/// Undefined with fewer than two annotators, no units, or a single label used throughout.
///
/// With m raters, Σ_c n_uc² = m + 2·(agreeing pairs in u), so
/// P̄ = 2A / (N·m·(m−1)) and P̄e = Σ T_c² / (N·m)².
pub fn fleiss_kappa(t: &UnitTotals) -> Option<f64> {
    if t.raters < 2 || t.units == 0 {
        return None;
    }
    let m1 = t.raters as i128 - 1;
    let big_m = t.values();
    let num = 2 * t.agreeing_pairs as i128 * big_m - t.label_total_squares as i128 * m1;
    ratio(num, t.spread() * m1)
}

/// Krippendorff's alpha, nominal, no missing values (`krippendorff.alpha`,
/// `level_of_measurement="nominal"`): 1 − D_o / D_e. Undefined with fewer than two
/// annotators, no units, or a single label used throughout.
///
/// D_o = (N·m·(m−1) − 2A) / (m−1) (disagreeing ordered pairs, each unit weighted 1/(m−1));
/// D_e = ((N·m)² − Σ T_c²) / (N·m − 1).
pub fn krippendorff_alpha(t: &UnitTotals) -> Option<f64> {
    if t.raters < 2 || t.units == 0 {
        return None;
    }
    let m1 = t.raters as i128 - 1;
    let big_m = t.values();
    let disagreeing = t.units as i128 * t.raters as i128 * m1 - 2 * t.agreeing_pairs as i128;
    ratio(disagreeing * (big_m - 1), m1 * t.spread()).map(|x| 1.0 - x)
}

/// F1 = 2·|A∩B| / (|A| + |B|); undefined when both sides are empty.
pub fn f1_exact(common: u64, a: u64, b: u64) -> Option<f64> {
    ratio(2 * common as i128, a as i128 + b as i128)
}

/// Precision, recall and F1 from matched counts, taking the first annotator as reference:
/// precision = matched_b / |B|, recall = matched_a / |A|.
/// F1 is undefined only when both sides are empty; 0 when nothing matched.
pub fn f1_overlap(
    matched_a: u64,
    a: u64,
    matched_b: u64,
    b: u64,
) -> (Option<f64>, Option<f64>, Option<f64>) {
    let precision = ratio(matched_b as i128, b as i128);
    let recall = ratio(matched_a as i128, a as i128);
    let f1 = if a + b == 0 {
        None
    } else if matched_a == 0 || matched_b == 0 {
        Some(0.0)
    } else {
        // 2PR / (P + R) = 2·ma·mb / (ma·|B| + mb·|A|), exact in integers.
        let (ma, mb) = (matched_a as i128, matched_b as i128);
        ratio(2 * ma * mb, ma * b as i128 + mb * a as i128)
    };
    (precision, recall, f1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: Option<f64>, b: f64) -> bool {
        a.is_some_and(|a| (a - b).abs() < 1e-12)
    }

    #[test]
    fn cohen_matches_the_textbook_example() {
        // Rows: rater 1 yes/no; columns: rater 2. po = 0.7, pe = 0.5 → κ = 0.4.
        let counts = [20, 5, 10, 15];
        assert!(close(cohen_kappa(&counts, 2), 0.4));
    }

    #[test]
    fn undefined_coefficients_are_none() {
        assert_eq!(cohen_kappa(&[0, 0, 0, 0], 2), None);
        assert_eq!(cohen_kappa(&[7, 0, 0, 0], 2), None, "one label everywhere");
        let one_label = UnitTotals::new(5, 2, 5, &[10]);
        assert_eq!(fleiss_kappa(&one_label), None);
        assert_eq!(krippendorff_alpha(&one_label), None);
        assert_eq!(fleiss_kappa(&UnitTotals::new(0, 3, 0, &[])), None);
        assert_eq!(krippendorff_alpha(&UnitTotals::new(4, 1, 0, &[2, 2])), None);
        assert_eq!(f1_exact(0, 0, 0), None);
        assert_eq!(f1_overlap(0, 0, 0, 0), (None, None, None));
    }

    #[test]
    fn total_disagreement_is_not_undefined() {
        // One side tagged nothing: kappa 0, F1 0.
        assert!(close(cohen_kappa(&[0, 6, 0, 0], 2), 0.0));
        assert_eq!(f1_exact(0, 0, 3), Some(0.0));
        assert_eq!(f1_overlap(0, 0, 0, 3), (Some(0.0), None, Some(0.0)));
    }

    #[test]
    fn perfect_agreement_is_one() {
        // 2 raters, 4 units, labels a a b b by both: A = 4 agreeing pairs, totals 4 and 4.
        let t = UnitTotals::new(4, 2, 4, &[4, 4]);
        assert!(close(fleiss_kappa(&t), 1.0));
        assert!(close(krippendorff_alpha(&t), 1.0));
        assert!(close(cohen_kappa(&[2, 0, 0, 2], 2), 1.0));
    }

    #[test]
    fn overlap_f1_is_the_harmonic_mean() {
        let (p, r, f) = f1_overlap(1, 2, 3, 4);
        assert!(close(p, 0.75) && close(r, 0.5));
        assert!(close(f, 2.0 * 0.75 * 0.5 / 1.25));
    }
}
