package io.sluice.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module boundaries, checked on the compiled classes of every module of the build.
 *
 * <p>Maven's dependencies already decide which module may see which (core cannot import the local
 * runtime, the record model cannot import core). What they cannot say is that a package named
 * {@code internal} is the owning module's own business: it is public to Java only so that the
 * module's other packages can use it. This check fails the build when a class of one module uses a
 * class of another module's {@code internal} package.
 *
 * <p>It reads each module's {@code target/classes} (main code) and {@code target/test-classes}
 * (tests) directly, so every class is attributed to the module that compiled it, whatever the class
 * path holds (the CLI's shaded jar contains every module).
 */
class ModuleBoundariesTest {
  private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

  /** Module name by class name, for every class compiled by a module of the build. */
  private static final Map<String, String> OWNER = new HashMap<>();
  /** Main classes of each module. */
  private static final Map<String, JavaClasses> MAIN = new LinkedHashMap<>();
  /** Test classes of each module. */
  private static final Map<String, JavaClasses> TESTS = new LinkedHashMap<>();

  @BeforeAll
  static void importEveryModule() throws IOException {
    List<Path> modules;
    try (Stream<Path> dirs = Files.list(ROOT)) {
      modules = dirs.filter(d -> d.getFileName().toString().startsWith("sluice-") && Files.isRegularFile(d.resolve("pom.xml")))
          .sorted()
          .toList();
    }
    ClassFileImporter importer = new ClassFileImporter();
    for (Path module : modules) {
      String name = module.getFileName().toString();
      Path main = module.resolve("target/classes");
      if (Files.isDirectory(main)) {
        JavaClasses classes = importer.importPath(main);
        MAIN.put(name, classes);
        classes.forEach(c -> OWNER.put(c.getName(), name));
      }
      Path tests = module.resolve("target/test-classes");
      if (Files.isDirectory(tests)) {
        JavaClasses classes = importer.importPath(tests);
        TESTS.put(name, classes);
        classes.forEach(c -> OWNER.putIfAbsent(c.getName(), name));
      }
    }
  }

  @Test
  void seesEveryModuleOfTheBuild() {
    // Guards the check itself: were the directories not found, it would pass on nothing.
    assertThat(MAIN.keySet()).contains("sluice-statemachine", "sluice-record", "sluice-core", "sluice-loop",
        "sluice-local", "sluice-examples", "sluice-cli", "sluice-bench", "sluice-parquet");
    assertThat(MAIN.get("sluice-core").contain("io.sluice.Job")).isTrue();
    assertThat(OWNER).containsEntry("io.sluice.Job", "sluice-core");
  }

  /**
   * The crossings that remain, each with its reason. The checks below fail on any crossing not
   * listed, and on a listed one that no longer exists, so the list can only shrink.
   */
  private static final Set<String> BEING_REMOVED = Set.of(
      // A unit test of core's commit-protocol ledger, kept beside the directory store it needs.
      "sluice-local: io.sluice.internal.BatchLedgerTest -> io.sluice.internal.BatchLedger (sluice-core)",
      "sluice-local: io.sluice.internal.BatchLedgerTest -> io.sluice.internal.Json (sluice-core)");

  @Test
  void noMainCodeUsesAnotherModulesInternalPackages() {
    assertThat(without(crossings(MAIN), BEING_REMOVED)).isEmpty();
  }

  @Test
  void noTestUsesAnotherModulesInternalPackages() {
    assertThat(without(crossings(TESTS), BEING_REMOVED)).isEmpty();
  }

  @Test
  void listsNoCrossingThatIsGone() {
    Set<String> all = new TreeSet<>(crossings(MAIN));
    all.addAll(crossings(TESTS));
    assertThat(without(BEING_REMOVED, all)).as("remove these from BEING_REMOVED: they no longer cross").isEmpty();
  }

  private static Set<String> without(Set<String> a, Set<String> b) {
    Set<String> rest = new TreeSet<>(a);
    rest.removeAll(b);
    return rest;
  }

  @Test
  void detectsACrossing() {
    // The rule applied to a pair that does cross (the CLI's classes and the interpreter's internal
    // parser), so that a check that never fires would be noticed.
    assertThat(isInternal("io.sluice.statemachine.internal.model.DefinitionParser")).isTrue();
    assertThat(isInternal("io.sluice.statemachine.Interpreter")).isFalse();
    assertThat(isInternal("io.sluice.internalize.Thing")).isFalse();
    assertThat(OWNER.get("io.sluice.statemachine.internal.model.DefinitionParser")).isEqualTo("sluice-statemachine");
  }

  /** Each use of another module's internal class, as "module: Class -> Target (module)". */
  private static Set<String> crossings(Map<String, JavaClasses> byModule) {
    Set<String> found = new TreeSet<>();
    byModule.forEach((module, classes) -> {
      for (JavaClass c : classes) {
        for (Dependency d : c.getDirectDependenciesFromSelf()) {
          JavaClass target = d.getTargetClass();
          if (target.isArray()) {
            target = target.getBaseComponentType();
          }
          String owner = OWNER.get(target.getName());
          if (owner != null && !owner.equals(module) && isInternal(target.getName())) {
            found.add(module + ": " + c.getName().replaceAll("\\$.*", "") + " -> " + target.getName().replaceAll("\\$.*", "")
                + " (" + owner + ")");
          }
        }
      }
    });
    return found;
  }

  static boolean isInternal(String className) {
    List<String> segments = new ArrayList<>(List.of(className.split("\\.")));
    segments.remove(segments.size() - 1);
    return segments.contains("internal");
  }
}
