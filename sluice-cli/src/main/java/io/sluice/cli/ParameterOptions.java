package io.sluice.cli;

import io.sluice.Job;
import io.sluice.JobParameters;
import io.sluice.runtime.JobCatalog;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Stack;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The run parameters a job declares, as options of {@code sluice run JOB}: {@code --input DIR} is {@code -p
 * input=DIR} (and so is {@code --input=DIR}). The options of the command itself win: a parameter named
 * {@code store} is set only with {@code -p store=...}.
 *
 * <p>Which options there are depends on the job, which picocli does not know before it parses, so this
 * runs first, when picocli meets the command: it finds the job's name among the arguments, and rewrites
 * each {@code --NAME VALUE} of a declared parameter into {@code -p NAME=VALUE}. Any other {@code --NAME} that
 * is no option of the command is refused here, naming the job's parameters. When the job cannot be
 * found the arguments are left as they are, for the command to report the unknown job.
 */
final class ParameterOptions implements CommandLine.IParameterPreprocessor {
  @Override
  public boolean preprocess(Stack<String> args, CommandSpec spec, ArgSpec argSpec, Map<String, Object> info) {
    List<String> given = new ArrayList<>();
    while (!args.isEmpty()) {
      given.add(args.pop()); // the top of the stack is the next argument
    }
    List<String> rewritten = rewrite(given, spec);
    for (int i = rewritten.size() - 1; i >= 0; i--) {
      args.push(rewritten.get(i));
    }
    return false; // picocli goes on parsing the (rewritten) arguments
  }

  private static List<String> rewrite(List<String> given, CommandSpec spec) {
    String jobName = jobName(given, spec);
    if (jobName == null) {
      return given;
    }
    Job job;
    try {
      job = JobCatalog.load(ParameterOptions.class.getClassLoader()).find(jobName);
    } catch (RuntimeException unknown) {
      return given; // the command says which jobs there are
    }
    JobParameters declared = job.parameters();
    List<String> out = new ArrayList<>();
    for (int i = 0; i < given.size(); i++) {
      String arg = given.get(i);
      if (arg.equals("--")) {
        out.addAll(given.subList(i, given.size())); // what follows is positional
        break;
      }
      OptionSpec builtIn = builtIn(arg, spec);
      if (builtIn != null) {
        out.add(arg);
        if (takesNextAsValue(arg, builtIn) && i + 1 < given.size()) {
          out.add(given.get(++i));
        }
        continue;
      }
      if (!arg.startsWith("--")) {
        out.add(arg); // the job's name, or a short option (cluster) picocli reads
        continue;
      }
      int eq = arg.indexOf('=');
      String name = arg.substring(2, eq < 0 ? arg.length() : eq);
      if (name.isEmpty() || declared.find(name).isEmpty()) {
        throw new CommandLine.ParameterException(spec.commandLine(), "Unknown option: '" + arg + "': it is no option of '"
            + spec.qualifiedName() + "' and job '" + job.name() + "' declares no parameter '" + name + "'."
            + (declared.list().isEmpty() ? " The job takes no parameters."
                : " Its parameters (--NAME VALUE or -p NAME=VALUE): " + declared.describe() + "."));
      }
      String value;
      if (eq >= 0) {
        value = arg.substring(eq + 1);
      } else if (i + 1 < given.size() && !isOption(given.get(i + 1), spec, declared)) {
        value = given.get(++i);
      } else {
        throw new CommandLine.ParameterException(spec.commandLine(), "Option '--" + name + "' (a parameter of job '"
            + job.name() + "') needs a value: write --" + name + " VALUE or --" + name + "=VALUE.");
      }
      out.add("-p");
      out.add(name + "=" + value);
    }
    return out;
  }

  /**
   * The first argument that is neither an option nor an option's value: the job. An unknown {@code --NAME}
   * before it is taken to be a parameter, so its value is skipped too.
   */
  private static String jobName(List<String> given, CommandSpec spec) {
    for (int i = 0; i < given.size(); i++) {
      String arg = given.get(i);
      if (arg.equals("--")) {
        return i + 1 < given.size() ? given.get(i + 1) : null;
      }
      OptionSpec builtIn = builtIn(arg, spec);
      if (builtIn != null) {
        if (takesNextAsValue(arg, builtIn)) {
          i++;
        }
      } else if (arg.startsWith("--")) {
        if (arg.indexOf('=') < 0) {
          i++;
        }
      } else if (!arg.startsWith("-") || arg.equals("-")) {
        return arg;
      }
    }
    return null;
  }

  /** The command's own option {@code arg} names ({@code --store}, {@code --store=x}, {@code -p}), or null. */
  private static OptionSpec builtIn(String arg, CommandSpec spec) {
    if (!arg.startsWith("-")) {
      return null;
    }
    int eq = arg.indexOf('=');
    return spec.optionsMap().get(eq < 0 ? arg : arg.substring(0, eq));
  }

  private static boolean takesNextAsValue(String arg, OptionSpec option) {
    return arg.indexOf('=') < 0 && option.arity().max() > 0;
  }

  /** Whether {@code arg} is an option rather than a value: one of the command's, or a declared parameter's. */
  private static boolean isOption(String arg, CommandSpec spec, JobParameters declared) {
    if (builtIn(arg, spec) != null) {
      return true;
    }
    if (!arg.startsWith("--")) {
      return false;
    }
    int eq = arg.indexOf('=');
    return declared.find(arg.substring(2, eq < 0 ? arg.length() : eq)).isPresent();
  }
}
