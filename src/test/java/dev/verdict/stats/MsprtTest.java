package dev.verdict.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Golden values from an independent 50-digit implementation of the same formula:
 * <pre>
 * python3 -c "
 * from mpmath import mp, mpf, sqrt, exp, log; mp.dps = 50
 * def m(nT,xT,nC,xC,tau):
 *     pT=mpf(xT)/nT; pC=mpf(xC)/nC; tau=mpf(tau)
 *     V=pT*(1-pT)/nT+pC*(1-pC)/nC; th=pT-pC
 *     logL=log(sqrt(V/(V+tau**2)))+th**2*tau**2/(2*V*(V+tau**2)); L=exp(logL)
 *     print(mp.nstr(logL,17), mp.nstr(L,17), mp.nstr(min(1,1/L),17))
 * m(1000,60,1000,50,'0.01')  # and each row below
 * "
 * </pre>
 */
class MsprtTest {

    @ParameterizedTest(name = "[{index}] nT={0} xT={1} nC={2} xC={3} tau={4}")
    @CsvSource({
            // nT, xT, nC, xC, tau, logLambda, lambda, sequentialPValue
            "1000, 60, 1000, 50, 0.01, -0.10108668017325272, 0.9038546832096955, 1.0",
            "10000, 600, 10000, 500, 0.005, 2.7866983107719967, 16.22735357743734, 0.061624342825093124",
            "5000, 240, 5000, 260, 0.01, -0.56351734430503975, 0.56920345417870964, 1.0",
            "20000, 1300, 30000, 1500, 0.01, 21.704620319565546, 2668067646.8390159, 3.7480309061306845e-10",
            "100, 0, 100, 10, 0.05, 3.4203993466214669, 30.581625251553964, 0.032699373946752105",
    })
    void matchesIndependentHighPrecisionValues(long nT, long xT, long nC, long xC, double tau,
                                               double logLambda, double lambda, double pValue) {
        MsprtResult r = Msprt.twoProportions(nT, xT, nC, xC, tau);
        assertThat(r.reason()).isNull();
        assertThat(r.defined()).isTrue();
        assertThat(r.logLambda()).isCloseTo(logLambda, within(1e-9 * Math.max(1, Math.abs(logLambda))));
        assertThat(r.lambda()).isCloseTo(lambda, within(1e-9 * lambda));
        assertThat(r.sequentialPValue()).isCloseTo(pValue, within(1e-9 * pValue));
    }

    @Test
    void hugeLambdaIsCappedInsteadOfOverflowingAndThePValueUnderflowsToZero() {
        // logLambda = 41659.694583889107 (same python3 command, m(1000000,600000,1000000,400000,'0.1')).
        MsprtResult r = Msprt.twoProportions(1_000_000, 600_000, 1_000_000, 400_000, 0.1);
        assertThat(r.logLambda()).isCloseTo(41659.694583889107, within(1e-6));
        assertThat(r.lambda()).isEqualTo(Double.MAX_VALUE);
        assertThat(r.sequentialPValue()).isEqualTo(0.0);
    }

    @Test
    void isSymmetricInTheSignOfTheDifference() {
        MsprtResult up = Msprt.twoProportions(2000, 130, 2000, 100, 0.01);
        MsprtResult down = Msprt.twoProportions(2000, 100, 2000, 130, 0.01);
        assertThat(up.logLambda()).isEqualTo(down.logLambda());
    }

    @Test
    void reportsEmptyArmWhenEitherArmHasNoSamples() {
        assertThat(Msprt.twoProportions(0, 0, 100, 5, 0.01))
                .isEqualTo(new MsprtResult(null, 1.0, MsprtResult.EMPTY_ARM, null));
        assertThat(Msprt.twoProportions(100, 5, 0, 0, 0.01).reason()).isEqualTo(MsprtResult.EMPTY_ARM);
    }

    @Test
    void reportsZeroVarianceWhenBothArmsAreAllOrNothing() {
        assertThat(Msprt.twoProportions(100, 0, 100, 0, 0.01))
                .isEqualTo(new MsprtResult(null, 1.0, MsprtResult.ZERO_VARIANCE, null));
        assertThat(Msprt.twoProportions(100, 100, 50, 0, 0.01).reason()).isEqualTo(MsprtResult.ZERO_VARIANCE);
    }

    @Test
    void neverReturnsNanOrInfinityAcrossExtremeInputs() {
        long[] ns = {1, 2, 7, 1_000, 1_000_000, Long.MAX_VALUE / 2};
        double[] taus = {1e-300, 1e-9, 0.005, 0.5, 1.0};
        for (long nT : ns) {
            for (long nC : ns) {
                for (long xT : new long[] {0, 1, nT / 2, nT - 1, nT}) {
                    for (long xC : new long[] {0, 1, nC / 2, nC - 1, nC}) {
                        for (double tau : taus) {
                            MsprtResult r = Msprt.twoProportions(nT, xT, nC, xC, tau);
                            String where = nT + "," + xT + "," + nC + "," + xC + "," + tau + " -> " + r;
                            assertThat(r.sequentialPValue()).as(where).isFinite().isBetween(0.0, 1.0);
                            if (r.defined()) {
                                assertThat(r.lambda()).as(where).isFinite().isGreaterThanOrEqualTo(0.0);
                                assertThat(r.logLambda()).as(where).isFinite();
                            } else {
                                assertThat(r.lambda()).as(where).isNull();
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void rejectsImpossibleCountsAndTau() {
        assertThatIllegalArgumentException().isThrownBy(() -> Msprt.twoProportions(-1, 0, 10, 1, 0.01));
        assertThatIllegalArgumentException().isThrownBy(() -> Msprt.twoProportions(10, 11, 10, 1, 0.01));
        assertThatIllegalArgumentException().isThrownBy(() -> Msprt.twoProportions(10, 1, 10, -1, 0.01));
        assertThatIllegalArgumentException().isThrownBy(() -> Msprt.twoProportions(10, 1, 10, 1, 0));
        assertThatIllegalArgumentException().isThrownBy(() -> Msprt.twoProportions(10, 1, 10, 1, Double.NaN));
        assertThatIllegalArgumentException().isThrownBy(() -> Msprt.twoProportions(10, 1, 10, 1, 1.5));
    }
}
