package traceboard;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.opensearch.analysis.common.CommonAnalysisPlugin;
import org.opensearch.common.logging.LogConfigurator;
import org.opensearch.common.settings.Settings;
import org.opensearch.env.Environment;
import org.opensearch.http.HttpServerTransport;
import org.opensearch.node.InternalSettingsPreparer;
import org.opensearch.node.Node;
import org.opensearch.painless.PainlessPlugin;
import org.opensearch.plugins.Plugin;
import org.opensearch.transport.Netty4Plugin;

/**
 * One embedded OpenSearch node for Traceboard's tests and demo, built from Maven Central jars only.
 *
 * <p>Arguments are {@code --key=value} pairs (or {@code -Dtraceboard.os.key=value} system
 * properties): {@code home} (required; data and logs go below it), {@code http-port},
 * {@code transport-port}, {@code cluster-name}, {@code node-name}. Every address is bound to
 * 127.0.0.1. Prints {@code OPENSEARCH READY http://127.0.0.1:PORT} once the node has started and
 * blocks; SIGTERM (a JVM shutdown hook) closes the node.
 *
 * <p>Embedding skips OpenSearch's Bootstrap (no security manager, no JarHell check, no bootstrap
 * checks, no native memory locking); the module plugins are handed to the node as classes.
 */
public final class OpenSearchLauncher {
  private static final List<Class<? extends Plugin>> MODULES =
      List.of(Netty4Plugin.class, CommonAnalysisPlugin.class, PainlessPlugin.class);

  /** Node's public constructor only loads plugins from disk; this one takes them as classes. */
  private static final class EmbeddedNode extends Node {
    EmbeddedNode(Environment environment, Collection<Class<? extends Plugin>> plugins) {
      super(environment, plugins, true);
    }
  }

  private OpenSearchLauncher() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = parse(args);
    Path home = Path.of(required(opts, "home")).toAbsolutePath();
    String httpPort = opts.getOrDefault("http-port", "9200");
    String transportPort = opts.getOrDefault("transport-port", "9300");
    String nodeName = opts.getOrDefault("node-name", "traceboard-node");
    Files.createDirectories(home.resolve("config"));

    Settings settings = Settings.builder()
        .put("cluster.name", opts.getOrDefault("cluster-name", "traceboard"))
        .put("node.name", nodeName)
        .put("path.home", home.toString())
        .put("path.data", home.resolve("data").toString())
        .put("path.logs", home.resolve("logs").toString())
        .put("discovery.type", "single-node")
        .put("network.host", "127.0.0.1")
        .put("http.port", httpPort)
        .put("transport.port", transportPort)
        .put("http.type", "netty4")
        .put("transport.type", "netty4")
        // Temp folders on a busy disk must not block shard allocation (the node would stay red).
        .put("cluster.routing.allocation.disk.threshold_enabled", false)
        .put("action.auto_create_index", true)
        .build();

    // Logging comes from the launcher jar's log4j2.properties (INFO to stdout), found by Log4j's
    // own class path lookup. LogConfigurator.configureWithoutConfig would instead install an empty
    // configuration (errors only), and LogConfigurator.configure wants a file under config/.
    LogConfigurator.setNodeName(nodeName);

    Environment environment = InternalSettingsPreparer.prepareEnvironment(settings, Map.of(), home.resolve("config"), () -> nodeName);
    Node node = new EmbeddedNode(environment, MODULES);

    CountDownLatch closed = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        node.close();
        if (!node.awaitClose(20, TimeUnit.SECONDS)) System.err.println("OPENSEARCH close timed out");
      } catch (Exception e) {
        e.printStackTrace();
      } finally {
        System.out.println("OPENSEARCH STOPPED");
        System.out.flush();
        closed.countDown();
      }
    }, "traceboard-opensearch-shutdown"));

    try {
      node.start();
    } catch (Exception e) {
      e.printStackTrace();
      System.exit(1);
    }
    HttpServerTransport http = node.injector().getInstance(HttpServerTransport.class);
    System.out.println("OPENSEARCH READY http://" + http.boundAddress().publishAddress());
    System.out.flush();
    closed.await();
  }

  private static Map<String, String> parse(String[] args) {
    Map<String, String> opts = new HashMap<>();
    for (String key : List.of("home", "http-port", "transport-port", "cluster-name", "node-name")) {
      String v = System.getProperty("traceboard.os." + key);
      if (v != null) opts.put(key, v);
    }
    for (String arg : args) {
      if (!arg.startsWith("--") || !arg.contains("=")) throw new IllegalArgumentException("expected --key=value, got " + arg);
      int eq = arg.indexOf('=');
      opts.put(arg.substring(2, eq), arg.substring(eq + 1));
    }
    return opts;
  }

  private static String required(Map<String, String> opts, String key) {
    String v = opts.get(key);
    if (v == null || v.isEmpty()) throw new IllegalArgumentException("missing --" + key + "=...");
    return v;
  }
}
