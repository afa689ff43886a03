package io.outrider.logistics.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AssignmentTest {

    private static final double F = Assignment.FORBIDDEN;

    @Test
    void beatsGreedyWhereGreedyIsWrong() {
        // greedy gives order 0 the rider it likes best (cost 1) and leaves order 1 with cost 100
        double[][] cost = {{1, 2}, {2, 100}};

        int[] optimal = Assignment.optimal(cost);

        assertThat(optimal).containsExactly(1, 0);
        assertThat(Assignment.total(cost, optimal)).isEqualTo(4);
        assertThat(Assignment.total(cost, Assignment.greedy(cost))).isEqualTo(101);
    }

    @Test
    void matchesBruteForceOnRandomSquareAndRectangularProblems() {
        SplittableRandom random = new SplittableRandom(1);
        for (int trial = 0; trial < 300; trial++) {
            int orders = 1 + random.nextInt(6);
            int riders = 1 + random.nextInt(6);
            double[][] cost = new double[orders][riders];
            for (double[] row : cost) for (int j = 0; j < riders; j++) row[j] = random.nextInt(50);

            int[] matching = Assignment.optimal(cost);

            assertThat(isMatching(matching, riders))
                    .as("a one-to-one matching: %s", Arrays.toString(matching))
                    .isTrue();
            assertThat(Arrays.stream(matching).filter(r -> r >= 0).count()).isEqualTo(Math.min(orders, riders));
            assertThat(Assignment.total(cost, matching))
                    .as("trial %d: %s", trial, Arrays.deepToString(cost))
                    .isEqualTo(bruteForceMinimum(cost));
        }
    }

    @Test
    void neverUsesForbiddenPairs() {
        double[][] cost = {{F, 3, F}, {F, 1, F}, {2, F, F}};

        int[] matching = Assignment.optimal(cost);

        assertThat(matching[2]).isEqualTo(0);
        assertThat(matching[0] == 1 ^ matching[1] == 1).isTrue(); // one of them gets rider 1, the other waits
        for (int order = 0; order < matching.length; order++) {
            if (matching[order] >= 0) assertThat(cost[order][matching[order]]).isNotEqualTo(F);
        }
    }

    @Test
    void emptyProblemsHaveEmptyAnswers() {
        assertThat(Assignment.optimal(new double[0][0])).isEmpty();
        assertThat(Assignment.optimal(new double[][] {{}, {}})).containsExactly(-1, -1);
    }

    private static boolean isMatching(int[] matching, int riders) {
        boolean[] used = new boolean[riders];
        for (int r : matching) {
            if (r < 0) continue;
            if (used[r]) return false;
            used[r] = true;
        }
        return true;
    }

    /** The minimum over every way of matching min(orders, riders) pairs. */
    private static double bruteForceMinimum(double[][] cost) {
        return search(cost, 0, new boolean[cost[0].length], Math.min(cost.length, cost[0].length), 0);
    }

    private static double search(double[][] cost, int order, boolean[] used, int toMatch, double sum) {
        if (toMatch == 0) return sum;
        if (cost.length - order < toMatch) return Double.POSITIVE_INFINITY;
        double best = search(cost, order + 1, used, toMatch, sum); // this order waits
        for (int r = 0; r < used.length; r++) {
            if (used[r]) continue;
            used[r] = true;
            best = Math.min(best, search(cost, order + 1, used, toMatch - 1, sum + cost[order][r]));
            used[r] = false;
        }
        return best;
    }
}
