"""Paired statistics, each checked against a case worked by hand (the working is in the comments)."""

import itertools
import math

import numpy as np
import pytest
from scipy import stats

from jusolib.stats.agreement import (
    agreement_bootstrap,
    agreement_coefficients,
    bca_interval,
    binomial_two_sided,
    corrected_phi,
    fleiss_cohen_everitt,
    mcnemar_exact,
    mcnemar_midp,
    midp_two_sided,
    newcombe_paired_interval,
    quadratic_weights,
    signed_rank_exact,
    weighted_kappa,
)

# Wilson 95% intervals used below (z = 1.959964, n = 23), from (p + z²/2n ± z√(p(1−p)/n + z²/4n²)) / (1 + z²/n):
#   8/23 = 0.347826 → (0.188113, 0.551097);  11/23 = 0.478261 → (0.292372, 0.670373)
#   12/23 = 0.521739 → (0.329627, 0.707628)


class TestNewcombeContinuityCorrected:
    def test_phi_star(self):
        # (11, 0, 0, 12): AD − BC = 132 > N/2 = 11.5, EFGH = 11·12·11·12 = 132²: φ* = (132 − 11.5)/132
        assert corrected_phi(11, 0, 0, 12) == pytest.approx(120.5 / 132)
        # (8, 0, 4, 11): AD − BC = 88, EFGH = 8·15·12·11 = 15840: φ* = 76.5/√15840 = 0.607832
        assert corrected_phi(8, 0, 4, 11) == pytest.approx(0.607832, abs=1e-6)
        # 0 ≤ AD − BC ≤ N/2 gives 0; AD < BC keeps the plain φ: (0·0 − 2·2)/√(2·2·2·2) = −1
        assert corrected_phi(3, 2, 2, 2) == 0.0  # AD − BC = 2 ≤ 4.5
        assert corrected_phi(0, 2, 2, 0) == -1.0

    def test_nobody_changed_the_interval_does_not_collapse(self):
        # (11, 0, 0, 12): p₁ = p₂ = 11/23, p − l = 0.185889, u − p = 0.192112, φ* = 0.912879.
        # half-width = √(0.185889² + 0.192112² − 2·0.912879·0.185889·0.192112) = √0.006261 = 0.0791 → ±7.9
        # (with the uncorrected φ = 1 it would be |0.192112 − 0.185889| = 0.0062 → ±0.6)
        diff, low, high = newcombe_paired_interval(11, 0, 0, 12)
        assert diff == 0.0
        assert low == pytest.approx(-7.91, abs=0.01) and high == pytest.approx(7.91, abs=0.01)

    def test_four_changed_the_same_way(self):
        # (8, 0, 4, 11): d = 12/23 − 8/23 = 0.173913, φ* = 0.607832.
        # lower: √(0.192112² + 0.203271² − 2·0.607832·0.192112·0.203271) = √(0.078226 − 0.047473) = 0.175365
        #        → 0.173913 − 0.175365 = −0.00145  (the issue quotes −0.2: −0.145 rounded away from d)
        # upper: √(0.185889² + 0.159713² − 2·0.607832·0.185889·0.159713) = √(0.060063 − 0.036092) = 0.154826
        #        → 0.173913 + 0.154826 = 0.328739
        diff, low, high = newcombe_paired_interval(8, 0, 4, 11)
        assert diff == pytest.approx(100 * 4 / 23)
        assert low == pytest.approx(-0.145, abs=0.002) and high == pytest.approx(32.87, abs=0.01)
        assert low < 0 < diff < high  # the exact McNemar p is 0.125: an interval excluding 0 would disagree

    def test_earlier_worked_case_is_unchanged_by_the_correction(self):
        # 10 both, 2, 2, 6 neither: AD − BC = 56 > 10 → φ* = (56 − 10)/√(12·8·12·8) = 46/96 = 0.479167;
        # Wilson(12/20) = (0.386582, 0.781200): half = √(0.213418² + 0.181200² − 2φ*·0.213418·0.181200)
        #   = √(0.045547 + 0.032833 − 0.037061) = √0.041319 = 0.203271
        diff, low, high = newcombe_paired_interval(10, 2, 2, 6)
        assert (
            diff == 0.0 and low == pytest.approx(-20.33, abs=0.01) and high == pytest.approx(20.33, abs=0.01)
        )


class TestMcNemarExact:
    def test_worked_by_hand(self):
        assert mcnemar_exact(0, 4).pvalue == 0.125  # 2·(1/2)⁴
        assert mcnemar_exact(1, 5).pvalue == pytest.approx(14 / 64)  # 2·(C(6,0) + C(6,1))/2⁶
        assert mcnemar_exact(2, 2).pvalue == 1.0
        assert mcnemar_exact(0, 0).pvalue == 1.0  # nobody changed: nothing to test
        # conservative against Newcombe's interval (8, 0, 4, 11): exact p 0.125 while the mid-p is 0.0625

    def test_agrees_with_scipy_binomtest(self):
        for k, n in [(3, 17), (0, 9), (12, 20)]:
            assert binomial_two_sided(k, n) == pytest.approx(stats.binomtest(k, n).pvalue)


class TestMcNemarMidP:
    def test_the_papers_example(self):
        # Fagerland, Lydersen & Laake (2013), Table 1 (Bentur et al.): airway hyper-responsiveness before and
        # after stem cell transplantation in 21 children, discordant 1 and 7. The paper: exact conditional
        # p = 0.070, mid-p = 0.039. By hand: 2·P(X ≤ 1) = 2·(1 + 8)/2⁸ = 0.0703; less P(X = 1) = 8/2⁸ →
        # 10/256 = 0.0391
        assert mcnemar_exact(1, 7).pvalue == pytest.approx(18 / 256)
        assert mcnemar_midp(1, 7).pvalue == 10 / 256
        assert round(mcnemar_exact(1, 7).pvalue, 3) == 0.070 and round(mcnemar_midp(1, 7).pvalue, 3) == 0.039

    def test_equal_discordant_counts(self):
        # the paper's supplement: when n₁₂ = n₂₁ the mid-p is 1 − ½·P(X = n₁₂): two each way, 1 − ½·6/16
        assert midp_two_sided(2, 4) == 1 - 3 / 16
        assert mcnemar_midp(0, 0).pvalue == 1.0

    def test_mid_p_is_the_exact_p_less_the_observed_probability(self):
        # 0 v 4 discordant → exact 2/16 = 0.125, mid-p 1/16;
        # 1 v 5 → exact 2·7/64 = 0.21875, mid-p 0.21875 − 6/64 = 0.125
        assert mcnemar_midp(0, 4).pvalue == 0.0625
        assert mcnemar_midp(1, 5).pvalue == pytest.approx(14 / 64 - 6 / 64)
        for k, n in [(3, 17), (0, 9), (6, 12)]:
            exact = binomial_two_sided(k, n)
            observed = math.comb(n, min(k, n - k)) / 2**n
            expected = 1 - observed / 2 if 2 * k == n else exact - observed
            assert midp_two_sided(k, n) == pytest.approx(expected)


class TestAC2:
    def test_the_kappa_paradox_worked_by_hand(self):
        # Gwet's (2008) example of the paradox: [[118, 5], [2, 0]], n = 125, pₐ = 118/125 = 0.944.
        # κ: pₑ = (123·120 + 2·5)/125² = 0.94528 → κ = (0.944 − 0.94528)/(1 − 0.94528) = −0.0234.
        # AC1 (identity weights, q = 2): π = ((123 + 120)/250, (2 + 5)/250) = (0.972, 0.028),
        # pₑ = 1/(q − 1)·Σπ(1 − π) = 2·0.972·0.028 = 0.054432 → (0.944 − 0.054432)/(1 − 0.054432) = 0.9408
        kappa, ac1 = agreement_coefficients([[118, 5], [2, 0]], np.eye(2))
        assert kappa == pytest.approx(-0.0234, abs=5e-5) and ac1 == pytest.approx(0.9408, abs=5e-5)

    def test_quadratic_weights_worked_by_hand(self):
        # [[2, 1, 0], [0, 1, 0], [0, 0, 1]] / 5, weights 1, 0.75, 0: pₐ = (2 + 0.75 + 1 + 1)/5 = 0.95;
        # rows (0.6, 0.2, 0.2), columns (0.4, 0.4, 0.2).
        # κ: pₑ = 0.6·(0.4 + 0.3) + 0.2·(0.3 + 0.4 + 0.15) + 0.2·(0.3 + 0.2) = 0.69 → 0.26/0.31 = 0.838710
        # AC2: π = (0.5, 0.3, 0.2), Σπ(1 − π) = 0.62, T_w = 6, q(q − 1) = 6 → pₑ = 0.62 → 0.33/0.38 = 0.868421
        kappa, ac2 = agreement_coefficients([[2, 1, 0], [0, 1, 0], [0, 0, 1]], quadratic_weights([0, 1, 2]))
        assert kappa == pytest.approx(0.26 / 0.31) and ac2 == pytest.approx(0.33 / 0.38)
        assert kappa == pytest.approx(
            fleiss_cohen_everitt([[2, 1, 0], [0, 1, 0], [0, 0, 1]], quadratic_weights([0, 1, 2]))[0]
        )

    def test_stacks_of_tables_at_once(self):
        tables = np.array([[[2, 1], [0, 1]], [[1, 0], [0, 1]]])
        kappa, _ = agreement_coefficients(tables, np.eye(2))
        assert kappa.tolist() == pytest.approx([0.5, 1.0])


class TestBCa:
    def test_no_bias_no_acceleration_is_the_percentile_interval(self):
        # replicates 1 … 99 around 50, a symmetric jackknife: z₀ = 0, a = 0 → the 5% and 95% points
        assert bca_interval(50.0, np.arange(1, 100), [49.0, 51.0], confidence=0.9) == (5.0, 95.0)

    def test_bias_correction_worked_by_hand(self):
        # replicates 0 … 99, θ̂ = 59.5: 60 of 100 below → z₀ = Φ⁻¹(0.6) = 0.253347; a = 0; 90%: z = 1.644854.
        # α₁ = Φ(2·0.253347 − 1.644854) = Φ(−1.138160) = 0.1275, α₂ = Φ(2·0.253347 + 1.644854) = Φ(2.151548)
        # = 0.9843; the smallest replicates whose share reaches them: 12 (13/100) and 98 (99/100)
        assert bca_interval(59.5, np.arange(100), [1.0, 2.0], confidence=0.9) == (12.0, 98.0)

    def test_acceleration_worked_by_hand(self):
        # jackknife 1, 2, 6: mean 3, θ̄ − θ₍ᵢ₎ = 2, 1, −3 → a = (8 + 1 − 27)/(6·14^1.5) = −18/314.30 = −0.057270.
        # θ̂ = 49.5 on replicates 0 … 99: z₀ = 0. 90%: α₁ = Φ(−1.644854/(1 − 0.094201)) = Φ(−1.815916) = 0.0347,
        # α₂ = Φ(1.644854/(1 + 0.094201)) = Φ(1.503245) = 0.9336 → replicates 3 (4/100) and 93 (94/100)
        assert bca_interval(49.5, np.arange(100), [1.0, 2.0, 6.0], confidence=0.9) == (3.0, 93.0)

    def test_no_interval_without_spread_or_on_one_side(self):
        assert all(math.isnan(v) for v in bca_interval(1.0, np.ones(50), [1.0, 1.0]))
        assert all(math.isnan(v) for v in bca_interval(0.0, np.arange(1, 50), [1.0, 2.0]))

    def test_agreement_bootstrap_is_seeded_and_brackets_the_estimate(self):
        table = [[6, 2, 0], [1, 5, 2], [0, 1, 6]]
        first, again = agreement_bootstrap(table), agreement_bootstrap(table)
        assert first == again
        assert first.kappa == pytest.approx(fleiss_cohen_everitt(table, quadratic_weights([0, 1, 2]))[0])
        assert first.kappa_low < first.kappa < first.kappa_high <= 1
        assert first.ac2_low < first.ac2 < first.ac2_high <= 1
        assert "BCa" in first.method and "seed" in first.method


class TestWeightedKappa:
    def test_quadratic_weights_from_scores(self):
        assert quadratic_weights([3, 2, 1, 0])[0].tolist() == [1.0, 1 - 1 / 9, 1 - 4 / 9, 0.0]

    def test_variance_worked_by_hand(self):
        # [[2, 1], [0, 1]], n = 4 (two categories: quadratic weights are the identity):
        # pₒ = 0.75, rows (0.75, 0.25), columns (0.5, 0.5), pₑ = 0.5 → κ = 0.5.
        # w̄ᵢ. = (0.5, 0.5), w̄.ⱼ = (0.75, 0.25), 1 − κ = 0.5; Σ pᵢⱼ(wᵢⱼ − (w̄ᵢ. + w̄.ⱼ)(1 − κ))²
        #   = 0.5·(1 − 0.625)² + 0.25·(0 − 0.375)² + 0.25·(1 − 0.375)² = 0.203125;
        # minus (κ − pₑ(1 − κ))² = 0.0625 → 0.140625, over n(1 − pₑ)² = 1 → var = 0.140625, SE = 0.375
        kappa, variance = fleiss_cohen_everitt([[2, 1], [0, 1]], quadratic_weights([1, 0]))
        assert kappa == pytest.approx(0.5) and variance == pytest.approx(0.140625)

    def test_interval_worked_by_hand(self):
        # 0.5 ± 1.959964·0.375 = 0.5 ± 0.734987 → (−0.234987, 1.234987), kept within [−1, 1]
        result = weighted_kappa([[2, 1], [0, 1]])
        assert result.se == pytest.approx(0.375)
        assert result.ci_low == pytest.approx(-0.234987, abs=1e-6) and result.ci_high == 1.0

    def test_published_sas_example(self):
        # SAS/STAT PROC FREQ AGREE printout for [[0, 4, 1], [0, 8, 0], [0, 1, 5]] with Cicchetti–Allison
        # weights 1, 0.5, 0 (the variance is Fleiss, Cohen & Everitt's): weighted kappa 0.4701, ASE 0.1457
        weights = np.array([[1, 0.5, 0], [0.5, 1, 0.5], [0, 0.5, 1]])
        kappa, variance = fleiss_cohen_everitt([[0, 4, 1], [0, 8, 0], [0, 1, 5]], weights)
        assert kappa == pytest.approx(0.4701, abs=5e-5) and math.sqrt(variance) == pytest.approx(
            0.1457, abs=5e-5
        )

    def test_published_two_by_two(self):
        # Statalist (2009-12, kapci): [[1395, 118], [261, 158]], kappa 0.3412, analytical SE 0.02629
        kappa, variance = fleiss_cohen_everitt([[1395, 118], [261, 158]], quadratic_weights([1, 0]))
        assert kappa == pytest.approx(0.34120, abs=5e-5) and math.sqrt(variance) == pytest.approx(
            0.026291, abs=5e-6
        )

    def test_every_pair_agreeing_gives_no_collapsed_interval(self):
        # SE = 0 when every pair agrees: κ ± z·SE would be the point 1, which no data of 23 pairs supports.
        # No interval is given; the agreement rate's Wilson interval stands in (paired.agreement_table).
        perfect = weighted_kappa([[8, 0, 0], [0, 8, 0], [0, 0, 7]])
        assert perfect.kappa == 1.0 and math.isnan(perfect.ci_low) and math.isnan(perfect.ci_high)
        assert "every pair agrees" in perfect.method
        one_off = weighted_kappa([[7, 1, 0], [0, 8, 0], [0, 0, 7]])
        assert one_off.ci_low < one_off.kappa < one_off.ci_high  # one disagreement: an interval again

    def test_single_answer_on_both_sides_is_undefined(self):
        assert math.isnan(weighted_kappa([[0, 0], [0, 9]]).kappa)


def brute_force_signed_rank_p(differences):
    """Independent check: enumerate every sign pattern over the midranks (no dynamic programming)."""
    d = [x for x in differences if x != 0]
    ranks = stats.rankdata(np.abs(d))
    observed = sum(r for r, x in zip(ranks, d, strict=True) if x > 0)
    centre = ranks.sum() / 2
    hits = sum(
        1
        for signs in itertools.product([0, 1], repeat=len(d))
        if abs(sum(r * s for r, s in zip(ranks, signs, strict=True)) - centre)
        >= abs(observed - centre) - 1e-9
    )
    return hits / 2 ** len(d)


class TestSignedRankExact:
    def test_ties_worked_by_hand(self):
        # [1, 1, −1, 2]: |d| midranks 2, 2, 2, 4; T⁺ = 2 + 2 + 4 = 8, E T⁺ = 5, |8 − 5| = 3.
        # The 16 sign patterns give T⁺ = 0 (1), 2 (3), 4 (4), 6 (4), 8 (3), 10 (1); |T⁺ − 5| ≥ 3 for
        # T⁺ ∈ {0, 2, 8, 10}: 1 + 3 + 3 + 1 = 8 → p = 8/16
        result = signed_rank_exact([1, 1, -1, 2])
        assert result.statistic == 8.0 and result.pvalue == 0.5

    def test_zeros_are_dropped(self):
        # [0, 1, 1, 1] → three positive differences of rank 2: only T⁺ = 0 or 6 are as extreme, 2/8
        assert signed_rank_exact([0, 1, 1, 1]).pvalue == 0.25
        assert signed_rank_exact([0, 0, 0]).pvalue == 1.0

    def test_all_positive_without_ties(self):
        assert signed_rank_exact([1, 2, 3, 4, 5, 6]).pvalue == pytest.approx(2 / 64)

    def test_matches_scipy_without_ties(self):
        d = [3, -1, 4, 7, -5, 9, 2, 6]
        assert signed_rank_exact(d).pvalue == pytest.approx(stats.wilcoxon(d, method="exact").pvalue)

    @pytest.mark.parametrize("seed", range(6))
    def test_matches_full_enumeration_with_heavy_ties(self, seed):
        rng = np.random.default_rng(seed)
        d = rng.integers(-2, 3, size=11)  # differences of 3-point answers: many ties and zeros
        assert signed_rank_exact(d).pvalue == pytest.approx(brute_force_signed_rank_p(d))
