package gov.portal.opensearch;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.opensearch.action.support.IndicesOptions;
import org.opensearch.analysis.common.CommonAnalysisPlugin;
import org.opensearch.common.settings.Settings;
import org.opensearch.env.Environment;
import org.opensearch.node.InternalSettingsPreparer;
import org.opensearch.node.Node;
import org.opensearch.painless.PainlessPlugin;
import org.opensearch.plugins.Plugin;
import org.opensearch.transport.Netty4Plugin;

/**
 * A single-node OpenSearch for development and CI, embedded from the Maven
 * jars (no distribution needed). Not a production server: there SEARCH_URL
 * points at a real cluster.
 *
 * <p>Node's constructor that takes plugin classes is protected (OpenSearch's
 * own tests use it through MockNode); this subclass passes the HTTP
 * transport, common analysis (asciifolding, edge n-grams, synonym graphs)
 * and Painless as classpath plugins.
 *
 * <p>Environment: OPENSEARCH_HOME (data under data/, logs under logs/;
 * default var/opensearch), OPENSEARCH_HOST (127.0.0.1), OPENSEARCH_PORT
 * (9200).
 */
public final class DevNode extends Node {

    static final List<Class<? extends Plugin>> PLUGINS =
            List.of(Netty4Plugin.class, CommonAnalysisPlugin.class, PainlessPlugin.class);

    DevNode(Environment environment, Collection<Class<? extends Plugin>> plugins) {
        super(environment, plugins, true);
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    /**
     * One node holds no replica: indices created from now on get none (a
     * template), existing ones lose theirs, so every index is green.
     */
    private static void singleCopy(Node node) {
        Settings noReplica = Settings.builder().put("index.number_of_replicas", 0).build();
        node.client().admin().indices().preparePutTemplate("portal-dev-single-node")
                .setPatterns(List.of("*")).setOrder(-1000).setSettings(noReplica).get();
        node.client().admin().indices().prepareUpdateSettings("*")
                .setIndicesOptions(IndicesOptions.lenientExpandOpen()).setSettings(noReplica).get();
    }

    public static void main(String[] args) throws Exception {
        Path home = Path.of(env("OPENSEARCH_HOME", "var/opensearch")).toAbsolutePath();
        Path data = home.resolve("data");
        Path logs = home.resolve("logs");
        Files.createDirectories(home.resolve("config"));
        Files.createDirectories(data);
        Files.createDirectories(logs);
        String host = env("OPENSEARCH_HOST", "127.0.0.1");
        String port = env("OPENSEARCH_PORT", "9200");

        Settings settings = Settings.builder()
                .put("cluster.name", "portal-dev")
                .put("node.name", "portal-dev-node")
                .put("path.home", home.toString())
                .put("path.data", data.toString())
                .put("path.logs", logs.toString())
                .put("network.host", host)
                .put("http.port", port)
                .put("transport.port", "9300-9399")
                .put("discovery.type", "single-node")
                .put("http.type", "netty4")
                .put("transport.type", "netty4")
                // One node: no replicas to wait for, so every index is green.
                .put("cluster.default_number_of_replicas", 0)
                // A developer's disk may be nearly full; do not turn indices read-only.
                .put("cluster.routing.allocation.disk.threshold_enabled", false)
                .put("action.auto_create_index", true)
                .build();
        Environment environment =
                InternalSettingsPreparer.prepareEnvironment(settings, Map.of(), home.resolve("config"), () -> "portal-dev-node");

        long started = System.nanoTime();
        Node node = new DevNode(environment, PLUGINS);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                node.close();
                node.awaitClose(20, TimeUnit.SECONDS);
            } catch (Exception e) {
                System.err.println("opensearch: error while stopping: " + e);
            }
            stopped.countDown();
        }, "portal-opensearch-shutdown"));
        node.start();
        singleCopy(node);
        System.out.printf(
                "opensearch: node %s listening on http://%s:%s (data %s) after %.1f s; Ctrl-C stops it%n",
                org.opensearch.Version.CURRENT, host, port, data, (System.nanoTime() - started) / 1e9);
        stopped.await();
    }
}
