package io.outrider.logistics.dispatch;

import java.util.Arrays;

/**
 * The assignment problem: given the cost of giving each order (row) to each rider (column), the one-to-one
 * matching of minimum total cost (Hungarian algorithm with potentials, O(n²m)). Rectangular matrices are fine:
 * with more orders than riders, the orders left over stay unassigned. {@link #greedy} is the fallback: each order in
 * turn takes the cheapest rider still free.
 */
public final class Assignment {

    /** Cost of a pair that must never be matched (e.g. a rider too far away). */
    public static final double FORBIDDEN = Double.POSITIVE_INFINITY;

    private Assignment() {}

    /**
     * The optimal matching: {@code result[order]} is the rider's column, or -1 when the order stays unassigned (more
     * orders than riders, or only forbidden riders left for it).
     */
    public static int[] optimal(double[][] cost) {
        int orders = cost.length;
        if (orders == 0) return new int[0];
        int riders = cost[0].length;
        int[] result = new int[orders];
        Arrays.fill(result, -1);
        if (riders == 0) return result;
        boolean transposed = orders > riders;
        double[][] a = transposed ? transpose(cost) : cost; // rows <= columns
        int n = a.length;
        int m = a[0].length;
        double big = 0;
        for (double[] row : a) for (double c : row) if (c != FORBIDDEN) big = Math.max(big, Math.abs(c));
        double forbidden = (big + 1) * (n + 1) * 4; // larger than any sum of real costs
        double[] u = new double[n + 1];
        double[] v = new double[m + 1];
        int[] p = new int[m + 1]; // p[column] = row (1-based), 0 = free
        int[] way = new int[m + 1];
        for (int i = 1; i <= n; i++) {
            p[0] = i;
            int j0 = 0;
            double[] minv = new double[m + 1];
            Arrays.fill(minv, Double.POSITIVE_INFINITY);
            boolean[] used = new boolean[m + 1];
            do {
                used[j0] = true;
                int i0 = p[j0];
                double delta = Double.POSITIVE_INFINITY;
                int j1 = 0;
                for (int j = 1; j <= m; j++) {
                    if (used[j]) continue;
                    double c = a[i0 - 1][j - 1];
                    double cur = (c == FORBIDDEN ? forbidden : c) - u[i0] - v[j];
                    if (cur < minv[j]) {
                        minv[j] = cur;
                        way[j] = j0;
                    }
                    if (minv[j] < delta) {
                        delta = minv[j];
                        j1 = j;
                    }
                }
                for (int j = 0; j <= m; j++) {
                    if (used[j]) {
                        u[p[j]] += delta;
                        v[j] -= delta;
                    } else {
                        minv[j] -= delta;
                    }
                }
                j0 = j1;
            } while (p[j0] != 0);
            do {
                int j1 = way[j0];
                p[j0] = p[j1];
                j0 = j1;
            } while (j0 != 0);
        }
        for (int j = 1; j <= m; j++) {
            if (p[j] == 0) continue;
            int row = p[j] - 1;
            int column = j - 1;
            if (a[row][column] == FORBIDDEN) continue;
            if (transposed) result[column] = row;
            else result[row] = column;
        }
        return result;
    }

    /** Each order in turn takes the cheapest free rider. */
    public static int[] greedy(double[][] cost) {
        int[] result = new int[cost.length];
        Arrays.fill(result, -1);
        if (cost.length == 0) return result;
        boolean[] taken = new boolean[cost[0].length];
        for (int order = 0; order < cost.length; order++) {
            int best = -1;
            for (int rider = 0; rider < cost[order].length; rider++) {
                if (taken[rider] || cost[order][rider] == FORBIDDEN) continue;
                if (best < 0 || cost[order][rider] < cost[order][best]) best = rider;
            }
            if (best >= 0) {
                taken[best] = true;
                result[order] = best;
            }
        }
        return result;
    }

    /** The total cost of a matching. */
    public static double total(double[][] cost, int[] matching) {
        double sum = 0;
        for (int order = 0; order < matching.length; order++)
            if (matching[order] >= 0) sum += cost[order][matching[order]];
        return sum;
    }

    private static double[][] transpose(double[][] m) {
        double[][] t = new double[m[0].length][m.length];
        for (int i = 0; i < m.length; i++) for (int j = 0; j < m[0].length; j++) t[j][i] = m[i][j];
        return t;
    }
}
