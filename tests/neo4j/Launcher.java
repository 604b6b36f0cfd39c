/*
 * Neo4j Community test server for the geokg test suite, started without Docker.
 *
 * Why this file exists: our CI and dev machines reach Maven Central but neither Docker Hub nor the
 * Neo4j download site, so the server is the embeddable `org.neo4j:neo4j` artifact (resolved by
 * tests/neo4j/pom.xml) with its Bolt connector switched on. It is a single-file source program
 * (Java 11+ "java Launcher.java"), so there is no build step and no compiled class to keep in sync.
 *
 * Run (tests/neo4j/server.py does this for you):
 *   java -Xmx1g --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED \
 *        --add-opens=java.base/sun.nio.ch=ALL-UNNAMED -Dio.netty.tryReflectionSetAccessible=true \
 *        -cp '<lib dir>/*' tests/neo4j/Launcher.java <home dir> <port>
 *
 * Contract with server.py:
 *   - prints exactly one line "READY bolt://127.0.0.1:<port>" on stdout once Bolt is listening
 *     (<port> is the port really bound, so passing 0 lets the OS choose);
 *   - Neo4j's user log goes to stderr; the debug log stays in <home>/logs/debug.log;
 *   - exits cleanly (database shut down, store closed) on SIGTERM/SIGINT or when stdin reaches EOF,
 *     so a crashed or killed test run never leaves a server behind;
 *   - exit code 0 after stdin EOF, 143 after SIGTERM (the JVM's usual 128+15; the store is still
 *     closed cleanly by the shutdown hook), 2 for bad arguments, 1 if startup failed;
 *   - with -Dgeokg.neo4j.deleteHome=true the home dir is deleted after shutdown, so even a test run
 *     killed with SIGKILL (stdin EOF, nobody left to clean up) leaves nothing in /tmp.
 *
 * Settings: Bolt on 127.0.0.1 only, no TLS, no auth (throw-away data on loopback), usage reports
 * off (no internet anyway), small page cache (tests hold tiny graphs; the default sizes it from
 * machine RAM), no transaction-log preallocation (otherwise every fresh home takes ~512 MB of disk
 * for the 256 MB log files of the system and neo4j databases). db.transaction.timeout is deliberately left at its default so tests see the same
 * timeout behaviour as a stock server: only client-requested timeouts apply.
 */

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.BoltConnectorInternalSettings;
import org.neo4j.configuration.connectors.ConnectorPortRegister;
import org.neo4j.configuration.connectors.ConnectorType;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.internal.helpers.HostnamePort;
import org.neo4j.io.ByteUnit;
import org.neo4j.kernel.internal.GraphDatabaseAPI;
import org.neo4j.logging.Level;
import org.neo4j.logging.log4j.Log4jLogProvider;

public final class Launcher {
    private static final String HOST = "127.0.0.1";

    private Launcher() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: java -cp '<lib>/*' Launcher.java <home dir> <port>");
            System.exit(2);
        }
        Path home = Path.of(args[0]).toAbsolutePath();
        int port;
        try {
            port = Integer.parseInt(args[1]);
        } catch (NumberFormatException e) {
            System.err.println("port must be an integer, got: " + args[1]);
            System.exit(2);
            return;
        }

        DatabaseManagementService service;
        try {
            service = new DatabaseManagementServiceBuilder(home)
                    .setUserLogProvider(new Log4jLogProvider(System.err, Level.INFO))
                    .setConfig(BoltConnector.enabled, true)
                    .setConfig(BoltConnector.listen_address, new SocketAddress(HOST, port))
                    .setConfig(BoltConnector.advertised_address, new SocketAddress(HOST, port))
                    .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                    .setConfig(GraphDatabaseSettings.auth_enabled, false)
                    .setConfig(GraphDatabaseSettings.udc_enabled, false)
                    .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(128))
                    .setConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
                    .setConfig(GraphDatabaseSettings.preallocate_store_files, false)
                    // Bolt otherwise waits 5 s for its thread pool and 5 s for connections on
                    // shutdown, even when idle: 10 s per test session for nothing.
                    .setConfig(BoltConnectorInternalSettings.thread_pool_shutdown_wait_time, Duration.ofSeconds(1))
                    .setConfig(BoltConnectorInternalSettings.connection_shutdown_wait_time, Duration.ofSeconds(1))
                    .build();
        } catch (Throwable t) {
            System.err.println("Neo4j failed to start: " + t);
            t.printStackTrace(System.err);
            System.err.flush();
            // halt, not exit: a half-started DBMS may hold non-daemon threads.
            Runtime.getRuntime().halt(1);
            return;
        }

        CountDownLatch stopped = new CountDownLatch(1);
        AtomicBoolean shuttingDown = new AtomicBoolean(false);
        boolean deleteHome = Boolean.getBoolean("geokg.neo4j.deleteHome");
        Runnable shutdown = () -> {
            if (shuttingDown.compareAndSet(false, true)) {
                try {
                    service.shutdown();
                    if (deleteHome) {
                        deleteTree(home);
                    }
                } finally {
                    stopped.countDown();
                }
            }
        };
        // SIGTERM/SIGINT and System.exit all run shutdown hooks: close the store cleanly.
        Runtime.getRuntime().addShutdownHook(new Thread(shutdown, "neo4j-test-shutdown"));

        // build() returns after the Bolt connector has bound; read back the port it really got.
        GraphDatabaseAPI system = (GraphDatabaseAPI) service.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME);
        HostnamePort bolt = system.getDependencyResolver()
                .resolveDependency(ConnectorPortRegister.class)
                .getLocalAddress(ConnectorType.BOLT);
        if (bolt == null) {
            System.err.println("Neo4j started but the Bolt connector is not registered");
            System.exit(1);
        }
        System.out.println("READY bolt://" + HOST + ":" + bolt.getPort());
        System.out.flush();

        // Stop when our parent goes away: the test runner holds our stdin open; EOF means it is gone.
        Thread stdinWatcher = new Thread(() -> {
            try (InputStream in = System.in) {
                byte[] buf = new byte[256];
                while (in.read(buf) != -1) {
                    // Input is ignored; only EOF matters.
                }
            } catch (IOException ignored) {
                // A broken stdin counts as EOF.
            }
            System.exit(0); // runs the shutdown hook
        }, "neo4j-test-stdin-watcher");
        stdinWatcher.setDaemon(true);
        stdinWatcher.start();

        stopped.await();
    }

    /** Best effort: a leftover file only costs disk space, never correctness. */
    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | RuntimeException e) {
            System.err.println("could not delete " + root + ": " + e);
        }
    }
}
