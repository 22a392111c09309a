package io.sluice.cli;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Change;
import software.amazon.awssdk.services.cloudformation.model.ChangeSetStatus;
import software.amazon.awssdk.services.cloudformation.model.ChangeSetType;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.CreateChangeSetResponse;
import software.amazon.awssdk.services.cloudformation.model.DescribeChangeSetResponse;
import software.amazon.awssdk.services.cloudformation.model.DescribeStackEventsResponse;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudformation.model.ResourceChange;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackEvent;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Applies a generated template through the CloudFormation API, as {@code aws cloudformation deploy}
 * does: uploads the jar and the template to the code bucket, creates a change set (CREATE for a new
 * stack, UPDATE for an existing one), prints its changes, executes it and follows the stack's events
 * until the stack is complete (its outputs are printed) or has failed (the failed events' reasons are
 * printed). A change set that CloudFormation fails because it holds no changes means the stack is up
 * to date.
 *
 * <p>The template goes by {@code TemplateURL}, never {@code TemplateBody}, since a job's template may
 * exceed the body's 51,200-byte limit.
 */
final class StackDeployer {
  /** What to deploy. */
  record Request(String stack, byte[] template, Path jar, String codeBucket, String jarKey, String templateKey,
      Map<String, String> parameters, List<String> capabilities, String changeSetName, boolean execute) {
    Request {
      Objects.requireNonNull(stack, "stack");
      Objects.requireNonNull(template, "template");
      parameters = Map.copyOf(parameters);
      capabilities = List.copyOf(capabilities);
    }
  }

  private static final Set<StackStatus> BUSY = Set.of(StackStatus.CREATE_IN_PROGRESS, StackStatus.UPDATE_IN_PROGRESS,
      StackStatus.UPDATE_COMPLETE_CLEANUP_IN_PROGRESS, StackStatus.UPDATE_ROLLBACK_IN_PROGRESS,
      StackStatus.UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS, StackStatus.ROLLBACK_IN_PROGRESS,
      StackStatus.DELETE_IN_PROGRESS, StackStatus.IMPORT_IN_PROGRESS, StackStatus.IMPORT_ROLLBACK_IN_PROGRESS);
  private static final Set<StackStatus> SUCCEEDED = Set.of(StackStatus.CREATE_COMPLETE, StackStatus.UPDATE_COMPLETE);
  private static final Set<StackStatus> FAILED = Set.of(StackStatus.CREATE_FAILED, StackStatus.ROLLBACK_COMPLETE,
      StackStatus.ROLLBACK_FAILED, StackStatus.UPDATE_FAILED, StackStatus.UPDATE_ROLLBACK_COMPLETE,
      StackStatus.UPDATE_ROLLBACK_FAILED, StackStatus.DELETE_FAILED, StackStatus.DELETE_COMPLETE);

  private final CloudFormationClient cloudFormation;
  private final S3Client s3;
  private final URI s3Endpoint;
  private final PrintStream out;
  private final Duration pollInterval;

  /**
   * @param s3Endpoint the S3 endpoint the client was given (then the template's URL is path-style on
   *     it), or null for AWS (a virtual-hosted URL in the client's region)
   */
  StackDeployer(CloudFormationClient cloudFormation, S3Client s3, URI s3Endpoint, PrintStream out, Duration pollInterval) {
    this.cloudFormation = cloudFormation;
    this.s3 = s3;
    this.s3Endpoint = s3Endpoint;
    this.out = out;
    this.pollInterval = pollInterval;
  }

  /** Deploys {@code request}: 0 when the stack is complete or already up to date, 1 when it failed. */
  int deploy(Request request) throws InterruptedException {
    upload(request.codeBucket(), request.jarKey(), RequestBody.fromFile(request.jar()), "jar");
    upload(request.codeBucket(), request.templateKey(), RequestBody.fromBytes(request.template()), "template");
    Stack existing = describe(request.stack());
    ChangeSetType type = changeSetType(request.stack(), existing);
    CreateChangeSetResponse created = cloudFormation.createChangeSet(r -> r.stackName(request.stack())
        .changeSetName(request.changeSetName())
        .changeSetType(type)
        .templateURL(templateUrl(request.codeBucket(), request.templateKey()))
        .parameters(request.parameters().entrySet().stream().sorted(Map.Entry.comparingByKey())
            .map(e -> Parameter.builder().parameterKey(e.getKey()).parameterValue(e.getValue()).build()).toList())
        .capabilitiesWithStrings(request.capabilities())
        .description("sluice deploy"));
    out.println("Change set " + request.changeSetName() + " (" + type + ") on stack " + request.stack() + ": waiting for it");
    DescribeChangeSetResponse changeSet = awaitChangeSet(created.id());
    if (changeSet.status() == ChangeSetStatus.FAILED) {
      String reason = Objects.toString(changeSet.statusReason(), "no reason given");
      if (noChanges(reason)) {
        cloudFormation.deleteChangeSet(r -> r.changeSetName(created.id()));
        out.println("Stack " + request.stack() + " is up to date: nothing to change.");
        printOutputs(describe(request.stack()));
        return 0;
      }
      out.println("The change set failed: " + reason);
      return 1;
    }
    printChanges(created.id(), changeSet);
    if (!request.execute()) {
      out.println("Not executed (--no-execute). To apply it:");
      out.println("aws cloudformation execute-change-set --change-set-name " + created.id());
      return 0;
    }
    // The events so far (a new stack has its REVIEW_IN_PROGRESS event) are not this deployment's.
    Set<String> seen = new HashSet<>();
    newEvents(created.stackId(), seen);
    cloudFormation.executeChangeSet(r -> r.changeSetName(created.id()));
    out.println("Executing; events:");
    return follow(request.stack(), created.stackId(), seen);
  }

  private void upload(String bucket, String key, RequestBody body, String what) {
    String uri = "s3://" + bucket + "/" + key;
    try {
      s3.headObject(r -> r.bucket(bucket).key(key));
      out.println("The " + what + " is already at " + uri + " (its key holds its hash)");
      return;
    } catch (NoSuchKeyException e) {
      // not there yet: uploaded below
    } catch (S3Exception e) {
      if (e.statusCode() != 404) {
        throw new SluiceCommand.UserError("Cannot read s3://" + bucket + ": " + describe(e)
            + " (does --code-bucket name an existing bucket you may write to?)");
      }
    }
    try {
      s3.putObject(r -> r.bucket(bucket).key(key), body);
    } catch (S3Exception e) {
      throw new SluiceCommand.UserError("Cannot upload the " + what + " to " + uri + ": " + describe(e));
    }
    out.println("Uploaded the " + what + " to " + uri);
  }

  /** S3's message, or the HTTP status when there is none (a HEAD request's errors have no body). */
  private static String describe(S3Exception e) {
    String message = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorMessage();
    return message != null ? message : "HTTP " + e.statusCode();
  }

  /** Where CloudFormation reads the template: the object just uploaded. */
  String templateUrl(String bucket, String key) {
    if (s3Endpoint != null) {
      String base = s3Endpoint.toString().replaceFirst("/+$", "");
      return base + "/" + bucket + "/" + key;
    }
    return "https://" + bucket + ".s3." + s3.serviceClientConfiguration().region().id() + ".amazonaws.com/" + key;
  }

  /** The stack, or null if there is none of that name. */
  private Stack describe(String stack) {
    try {
      return cloudFormation.describeStacks(r -> r.stackName(stack)).stacks().stream().findFirst().orElse(null);
    } catch (CloudFormationException e) {
      String message = e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage();
      if (message != null && message.contains("does not exist")) {
        return null;
      }
      throw e;
    }
  }

  private static ChangeSetType changeSetType(String name, Stack stack) {
    if (stack == null || stack.stackStatus() == StackStatus.REVIEW_IN_PROGRESS) {
      // REVIEW_IN_PROGRESS: a stack whose first change set was created but never executed.
      return ChangeSetType.CREATE;
    }
    if (stack.stackStatus() == StackStatus.ROLLBACK_COMPLETE || stack.stackStatus() == StackStatus.ROLLBACK_FAILED) {
      throw new SluiceCommand.UserError("Stack " + name + " is " + stack.stackStatusAsString()
          + ": its creation failed and it cannot be updated. Delete it (aws cloudformation delete-stack --stack-name "
          + name + ") and deploy again");
    }
    if (BUSY.contains(stack.stackStatus())) {
      throw new SluiceCommand.UserError("Stack " + name + " is " + stack.stackStatusAsString()
          + ": wait until it is no longer in progress, then deploy again");
    }
    return ChangeSetType.UPDATE;
  }

  private DescribeChangeSetResponse awaitChangeSet(String id) throws InterruptedException {
    while (true) {
      DescribeChangeSetResponse cs = cloudFormation.describeChangeSet(r -> r.changeSetName(id));
      if (cs.status() == ChangeSetStatus.CREATE_COMPLETE || cs.status() == ChangeSetStatus.FAILED) {
        return cs;
      }
      Thread.sleep(pollInterval);
    }
  }

  /** What CloudFormation says of a change set that would change nothing (create-change-set and update-stack). */
  static boolean noChanges(String reason) {
    return reason.contains("didn't contain changes") || reason.contains("No updates are to be performed");
  }

  private void printChanges(String id, DescribeChangeSetResponse first) {
    List<Change> changes = new ArrayList<>(first.changes());
    String token = first.nextToken();
    while (token != null && !token.isEmpty()) {
      String t = token;
      DescribeChangeSetResponse page = cloudFormation.describeChangeSet(r -> r.changeSetName(id).nextToken(t));
      changes.addAll(page.changes());
      token = page.nextToken();
    }
    out.println("Changes (" + changes.size() + "):");
    out.printf("  %-8s %-28s %-36s %s%n", "ACTION", "LOGICAL ID", "TYPE", "REPLACEMENT");
    for (Change c : changes) {
      ResourceChange rc = c.resourceChange();
      if (rc != null) {
        out.printf("  %-8s %-28s %-36s %s%n", rc.actionAsString(), rc.logicalResourceId(), rc.resourceType(),
            rc.replacementAsString() == null ? "-" : rc.replacementAsString());
      }
    }
  }

  private int follow(String stackName, String stackId, Set<String> seen) throws InterruptedException {
    List<StackEvent> failures = new ArrayList<>();
    while (true) {
      // The status first, then the events: every event up to that status is printed before it.
      Stack stack = describe(stackId);
      for (StackEvent e : newEvents(stackId, seen)) {
        out.println("  " + e.timestamp() + "  " + e.resourceStatusAsString() + "  " + e.logicalResourceId() + "  "
            + e.resourceType() + (e.resourceStatusReason() == null ? "" : "  " + e.resourceStatusReason()));
        if (e.resourceStatusAsString() != null && e.resourceStatusAsString().endsWith("_FAILED")) {
          failures.add(e);
        }
      }
      StackStatus status = stack == null ? StackStatus.DELETE_COMPLETE : stack.stackStatus();
      if (SUCCEEDED.contains(status)) {
        out.println("Stack " + stackName + " is " + status + ".");
        printOutputs(stack);
        return 0;
      }
      if (FAILED.contains(status)) {
        out.println("Stack " + stackName + " failed: " + status
            + (stack == null || stack.stackStatusReason() == null ? "" : " (" + stack.stackStatusReason().strip() + ")"));
        for (StackEvent e : failures) {
          out.println("  " + e.logicalResourceId() + " (" + e.resourceType() + "): "
              + Objects.toString(e.resourceStatusReason(), "no reason given"));
        }
        return 1;
      }
      Thread.sleep(pollInterval);
    }
  }

  /**
   * The stack's events newer than any in {@code seen}, oldest first (the API lists newest first); adds
   * them to {@code seen}.
   */
  private List<StackEvent> newEvents(String stackId, Set<String> seen) {
    List<StackEvent> fresh = new ArrayList<>();
    String token = null;
    pages:
    do {
      String t = token;
      DescribeStackEventsResponse page = cloudFormation.describeStackEvents(r -> r.stackName(stackId).nextToken(t));
      for (StackEvent e : page.stackEvents()) {
        if (seen.contains(e.eventId())) {
          break pages;
        }
        fresh.add(e);
      }
      token = page.nextToken();
    } while (token != null && !token.isEmpty());
    fresh.forEach(e -> seen.add(e.eventId()));
    return fresh.reversed();
  }

  private void printOutputs(Stack stack) {
    if (stack == null || stack.outputs().isEmpty()) {
      return;
    }
    out.println("Outputs:");
    stack.outputs().forEach(o -> out.println("  " + o.outputKey() + " = " + o.outputValue()));
  }
}
