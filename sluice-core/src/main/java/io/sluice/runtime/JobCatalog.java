package io.sluice.runtime;

import io.sluice.Job;
import io.sluice.JobDefinitionException;
import io.sluice.JobFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/** Finds jobs by name (registered {@link JobFactory}s) or by class name. */
public final class JobCatalog {
  private final List<JobFactory> factories;

  private JobCatalog(List<JobFactory> factories) {
    this.factories = List.copyOf(factories);
  }

  /** The factories registered on {@code loader}'s class path. */
  public static JobCatalog load(ClassLoader loader) {
    List<JobFactory> found = new ArrayList<>();
    ServiceLoader.load(JobFactory.class, loader).forEach(found::add);
    found.sort((a, b) -> a.name().compareTo(b.name()));
    return new JobCatalog(found);
  }

  public List<JobFactory> factories() {
    return factories;
  }

  /**
   * The job named {@code nameOrClass}: a registered name, or the fully qualified name of a class that
   * implements {@link JobFactory}.
   *
   * @throws JobDefinitionException saying which jobs exist when none matches
   */
  public Job find(String nameOrClass) {
    for (JobFactory f : factories) {
      if (f.name().equals(nameOrClass)) {
        return f.create();
      }
    }
    if (nameOrClass.contains(".")) {
      try {
        Class<?> c = Class.forName(nameOrClass, true, Thread.currentThread().getContextClassLoader());
        if (!JobFactory.class.isAssignableFrom(c)) {
          throw new JobDefinitionException("Class " + nameOrClass + " does not implement " + JobFactory.class.getName());
        }
        return ((JobFactory) c.getDeclaredConstructor().newInstance()).create();
      } catch (ClassNotFoundException e) {
        throw new JobDefinitionException("No job named '" + nameOrClass + "' and no class of that name on the class path. "
            + known());
      } catch (ReflectiveOperationException e) {
        throw new JobDefinitionException("Cannot instantiate " + nameOrClass + ": it needs a public no-argument constructor ("
            + e + ")");
      }
    }
    throw new JobDefinitionException("Unknown job '" + nameOrClass + "'. " + known());
  }

  private String known() {
    return factories.isEmpty()
        ? "No jobs are registered (META-INF/services/io.sluice.JobFactory)."
        : "Known jobs: " + String.join(", ", factories.stream().map(JobFactory::name).toList()) + ".";
  }
}
