package io.outrider.collector.cat.server;

import com.dianping.cat.Cat;
import com.dianping.cat.message.Message;
import com.dianping.cat.message.Transaction;
import java.util.HashMap;
import java.util.Map;

/**
 * Runs the real CAT client 3.1.0 in its own JVM (it is a process-wide singleton) and records one request the way
 * an instrumented service does: a URL transaction with a nested SQL transaction, events, the four kinds of
 * business metric, an error, and a remote call. Arguments: the collector's TCP port and, optionally, the HTTP port of
 * its router endpoint. Exits after a while.
 */
public final class CatClientDriver {

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int routerPort =
                args.length > 1 ? Integer.parseInt(args[1]) : 1; // port 1: no router, the client uses the TCP port
        Cat.initializeByDomain("driver-app", port, routerPort, "127.0.0.1");
        Thread.sleep(1500);
        Transaction request = Cat.newTransaction("URL", "/api/orders/42?debug=1");
        Cat.logEvent("URL.Server", "127.0.0.1");
        Transaction sql = Cat.newTransaction("SQL", "OrderMapper.select");
        sql.addData("sql=select 1");
        sql.setStatus(Message.SUCCESS);
        sql.complete();
        Cat.logMetricForCount("order.created");
        Cat.logMetricForDuration("order.latency", 25);
        Cat.logMetricForSum("order.amount", 12.5);
        Cat.logMetricForSum("order.amount.batch", 100.25, 3);
        Cat.logError(new IllegalStateException("boom"));
        Map<String, String> properties = new HashMap<>();
        Cat.Context context = new Cat.Context() {
            @Override
            public void addProperty(String key, String value) {
                properties.put(key, value);
            }

            @Override
            public String getProperty(String key) {
                return properties.get(key);
            }
        };
        Cat.logRemoteCallClient(context, "rider-service");
        request.setStatus(Message.SUCCESS);
        request.complete();
        System.out.println("child=" + properties.get(Cat.Context.CHILD));
        Thread.sleep(20_000); // the sender is asynchronous; the test stops this JVM once it has what it needs
    }
}
