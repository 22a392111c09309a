package io.sluice.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.Job;
import io.sluice.JobSettings;
import io.sluice.loop.FunctionArns;
import io.sluice.loop.LoopDefinition;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The CloudFormation template of one job: everything it needs on AWS, in one stack.
 *
 * <ul>
 *   <li>{@code WorkBucket}: the store (run state, outputs): all four public-access blocks, default
 *       encryption (SSE-S3), bucket-owner-enforced ownership, a TLS-only bucket policy, lifecycle rules
 *       that abort incomplete multipart uploads after a day and expire run state after the run
 *       retention; retained when the stack is deleted (it holds data).
 *   <li>{@code DedupTable}: the DynamoDB table of the dedup store ({@code sluice-dedup-dynamodb}),
 *       on-demand, encrypted, with TTL on {@code ttl}.
 *   <li>{@code DriverFunction} (the job's driver memory, 2,048 MB by default) and {@code
 *       ExecutorFunction} (10,240 MB): java21, the chosen architecture, the job's timeouts (900 s),
 *       optional SnapStart (a published version and the alias {@code live}, which the state machine
 *       calls) and ephemeral storage; their environment names the job, the store, the table and the
 *       Parameter Store names of secrets, never their values.
 *   <li>Roles, each statement scoped to this job's bucket prefix, table, functions, log groups and
 *       parameter path; the only {@code *} resources are those AWS does not let a policy scope, listed
 *       in {@link #UNSCOPABLE_ACTIONS} with the reason.
 *   <li>{@code StateMachine}: the generated loop ({@link LoopDefinition}), Standard by default,
 *       Express when asked for a job declared to finish within Express's 5 minutes; logging to its
 *       own log group.
 *   <li>Optionally {@code TriggerRule}: an EventBridge rule that starts a run for each object created
 *       under an S3 prefix.
 * </ul>
 *
 * <p>The deployment jar comes in through the template parameters {@code CodeBucket} and {@code
 * CodeKey}. The template is plain JSON (no transforms), so {@code aws cloudformation deploy} and the
 * CloudFormation API take it as it is.
 */
public final class DeployTemplate {
  /** The Driver's Lambda handler ({@code sluice-aws}'s entry point). */
  public static final String DRIVER_HANDLER = "io.sluice.aws.lambda.DriverFunction::handleRequest";
  /** The Executor's Lambda handler. */
  public static final String EXECUTOR_HANDLER = "io.sluice.aws.lambda.ExecutorFunction::handleRequest";
  /** Express executions stop after this long. */
  public static final Duration EXPRESS_LIMIT = Duration.ofMinutes(5);
  /** The Lambda runtime: Java 21 (the code is compiled with --release 21). */
  public static final String RUNTIME = "java21";

  /**
   * Actions granted on {@code "*"} because AWS does not support resource-level permissions for them,
   * with the reason. Template tests fail on any other {@code "*"} resource.
   */
  public static final Map<String, String> UNSCOPABLE_ACTIONS = Map.of(
      "logs:CreateLogDelivery", "Step Functions log delivery: CloudWatch Logs supports no resource-level permissions for log deliveries",
      "logs:GetLogDelivery", "as logs:CreateLogDelivery",
      "logs:UpdateLogDelivery", "as logs:CreateLogDelivery",
      "logs:DeleteLogDelivery", "as logs:CreateLogDelivery",
      "logs:ListLogDeliveries", "as logs:CreateLogDelivery",
      "logs:PutResourcePolicy", "as logs:CreateLogDelivery (AWS's documented policy for Step Functions logging)",
      "logs:DescribeResourcePolicies", "as logs:CreateLogDelivery",
      "logs:DescribeLogGroups", "as logs:CreateLogDelivery");

  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private final Job job;
  private final DeployOptions options;
  private final ObjectNode definition;
  private final boolean distributed;

  private DeployTemplate(Job job, DeployOptions options) {
    this.job = job;
    this.options = options;
    this.definition = definition(job);
    this.distributed = usesDistributedMap(definition);
  }

  /**
   * The template of {@code job} deployed with {@code options}.
   *
   * @throws DeployRefusedException if the options cannot work for this job (Express for a job that may
   *     run past 5 minutes or uses a Distributed Map)
   */
  public static ObjectNode generate(Job job, DeployOptions options) {
    return new DeployTemplate(job, options).build();
  }

  /** The IAM resource properties that give a resource a custom name, which needs {@code CAPABILITY_NAMED_IAM}. */
  private static final List<String> IAM_NAMES = List.of("RoleName", "ManagedPolicyName", "UserName", "GroupName",
      "InstanceProfileName");

  /**
   * The capabilities CloudFormation needs acknowledged to deploy {@code template}: {@code
   * CAPABILITY_NAMED_IAM} when an IAM resource has a custom name, else {@code CAPABILITY_IAM} when it
   * has IAM resources, else none.
   */
  public static List<String> capabilities(JsonNode template) {
    boolean iam = false;
    for (JsonNode resource : template.path("Resources")) {
      if (resource.path("Type").asText().startsWith("AWS::IAM::")) {
        iam = true;
        if (IAM_NAMES.stream().anyMatch(resource.path("Properties")::has)) {
          return List.of("CAPABILITY_NAMED_IAM");
        }
      }
    }
    return iam ? List.of("CAPABILITY_IAM") : List.of();
  }

  /** The state machine definition the template deploys, with {@code ${DriverArn}}/{@code ${ExecutorArn}} placeholders. */
  public static ObjectNode definition(Job job) {
    return LoopDefinition.generate(job, new FunctionArns("${DriverArn}", "${ExecutorArn}"));
  }

  private ObjectNode build() {
    checkExpress();
    ObjectNode t = F.objectNode();
    t.put("AWSTemplateFormatVersion", "2010-09-09");
    t.put("Description", "Sluice job '" + job.name() + "' (generated by sluice deploy; do not edit)");
    ObjectNode params = t.putObject("Parameters");
    ObjectNode codeBucket = params.putObject("CodeBucket");
    codeBucket.put("Type", "String");
    codeBucket.put("Description", "The S3 bucket holding the job's deployment jar");
    ObjectNode codeKey = params.putObject("CodeKey");
    codeKey.put("Type", "String");
    codeKey.put("Description", "The key of the deployment jar in CodeBucket");

    ObjectNode r = t.putObject("Resources");
    bucket(r);
    table(r);
    logGroup(r, "DriverLogGroup", sub("/aws/lambda/${AWS::StackName}-driver"));
    logGroup(r, "ExecutorLogGroup", sub("/aws/lambda/${AWS::StackName}-executor"));
    logGroup(r, "StateMachineLogGroup", sub("/aws/vendedlogs/states/${AWS::StackName}"));
    functionRole(r, "DriverRole", "DriverLogGroup");
    functionRole(r, "ExecutorRole", "ExecutorLogGroup");
    JobSettings s = job.settings();
    function(r, "Driver", DRIVER_HANDLER, s.driverMemoryMb(), s.driverTimeout(), "DriverRole", "DriverLogGroup");
    function(r, "Executor", EXECUTOR_HANDLER, s.executorMemoryMb(), s.executorTimeout(), "ExecutorRole", "ExecutorLogGroup");
    stateMachineRole(r);
    stateMachine(r);
    if (options.trigger() != null) {
      trigger(r);
    }

    ObjectNode out = t.putObject("Outputs");
    output(out, "StateMachineArn", ref("StateMachine"));
    output(out, "WorkBucket", ref("WorkBucket"));
    output(out, "Store", sub("s3://${WorkBucket}/" + options.storePrefix()));
    output(out, "DedupTable", ref("DedupTable"));
    output(out, "DriverFunction", ref("DriverFunction"));
    output(out, "ExecutorFunction", ref("ExecutorFunction"));
    return t;
  }

  private void checkExpress() {
    if (!options.express()) {
      return;
    }
    Duration expected = options.expectedDuration();
    if (expected == null) {
      throw new DeployRefusedException("an Express state machine stops every execution after 5 minutes: declare how long a run of '"
          + job.name() + "' takes at most (--expected-duration 4m), or deploy it as Standard (the default)");
    }
    if (expected.compareTo(EXPRESS_LIMIT) > 0) {
      throw new DeployRefusedException("job '" + job.name() + "' is expected to run up to " + human(expected)
          + ", longer than Express's 5-minute limit: deploy it as Standard (drop --express)");
    }
    if (distributed) {
      throw new DeployRefusedException("job '" + job.name() + "' runs more than 40 executors at once, which needs a "
          + "Distributed Map, and Step Functions does not run a Distributed Map in an Express state machine: deploy it as Standard");
    }
  }

  private void bucket(ObjectNode r) {
    ObjectNode b = resource(r, "WorkBucket", "AWS::S3::Bucket");
    b.put("DeletionPolicy", "Retain");
    b.put("UpdateReplacePolicy", "Retain");
    ObjectNode p = b.with("Properties");
    ObjectNode block = p.putObject("PublicAccessBlockConfiguration");
    block.put("BlockPublicAcls", true);
    block.put("BlockPublicPolicy", true);
    block.put("IgnorePublicAcls", true);
    block.put("RestrictPublicBuckets", true);
    p.putObject("BucketEncryption").putArray("ServerSideEncryptionConfiguration").addObject()
        .putObject("ServerSideEncryptionByDefault").put("SSEAlgorithm", "AES256");
    p.putObject("OwnershipControls").putArray("Rules").addObject().put("ObjectOwnership", "BucketOwnerEnforced");
    ArrayNode rules = p.putObject("LifecycleConfiguration").putArray("Rules");
    ObjectNode multipart = rules.addObject();
    multipart.put("Id", "abort-incomplete-multipart-uploads");
    multipart.put("Status", "Enabled");
    multipart.put("Prefix", options.storePrefix());
    multipart.putObject("AbortIncompleteMultipartUpload").put("DaysAfterInitiation", 1);
    ObjectNode runs = rules.addObject();
    runs.put("Id", "expire-run-state");
    runs.put("Status", "Enabled");
    runs.put("Prefix", options.storePrefix() + io.sluice.run.RunLayout.RUNS);
    runs.put("ExpirationInDays", options.runRetentionDays());

    ObjectNode policy = resource(r, "WorkBucketPolicy", "AWS::S3::BucketPolicy");
    ObjectNode pp = policy.with("Properties");
    pp.set("Bucket", ref("WorkBucket"));
    ObjectNode doc = pp.putObject("PolicyDocument");
    doc.put("Version", "2012-10-17");
    ObjectNode tls = doc.putArray("Statement").addObject();
    tls.put("Sid", "DenyInsecureTransport");
    tls.put("Effect", "Deny");
    tls.put("Principal", "*");
    tls.put("Action", "s3:*");
    tls.set("Resource", array(getAtt("WorkBucket", "Arn"), sub("${WorkBucket.Arn}/*")));
    tls.putObject("Condition").putObject("Bool").put("aws:SecureTransport", "false");
  }

  private void table(ObjectNode r) {
    ObjectNode t = resource(r, "DedupTable", "AWS::DynamoDB::Table");
    ObjectNode p = t.with("Properties");
    p.put("BillingMode", "PAY_PER_REQUEST");
    ObjectNode attr = p.putArray("AttributeDefinitions").addObject();
    attr.put("AttributeName", "pk");
    attr.put("AttributeType", "S");
    ObjectNode key = p.putArray("KeySchema").addObject();
    key.put("AttributeName", "pk");
    key.put("KeyType", "HASH");
    ObjectNode ttl = p.putObject("TimeToLiveSpecification");
    ttl.put("AttributeName", "ttl");
    ttl.put("Enabled", true);
    p.putObject("SSESpecification").put("SSEEnabled", true);
  }

  private void logGroup(ObjectNode r, String name, JsonNode groupName) {
    ObjectNode g = resource(r, name, "AWS::Logs::LogGroup");
    ObjectNode p = g.with("Properties");
    p.set("LogGroupName", groupName);
    p.put("RetentionInDays", options.logRetentionDays());
  }

  private void functionRole(ObjectNode r, String name, String logGroup) {
    ObjectNode role = resource(r, name, "AWS::IAM::Role");
    ObjectNode p = role.with("Properties");
    p.set("AssumeRolePolicyDocument", assumeRole("lambda.amazonaws.com"));
    ArrayNode statements = F.arrayNode();
    statements.add(statement("Logs", List.of("logs:CreateLogStream", "logs:PutLogEvents"), getAtt(logGroup, "Arn")));
    statements.add(statement("StoreObjects", List.of("s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"),
        sub("${WorkBucket.Arn}/" + options.storePrefix() + "*")));
    statements.add(listing("StoreListing", getAtt("WorkBucket", "Arn"), options.storePrefix()));
    int i = 0;
    List<String> reads = new java.util.ArrayList<>(options.reads());
    if (options.trigger() != null && !reads.contains(options.trigger())) {
      reads.add(options.trigger()); // a triggered run reads the object that started it
    }
    for (String read : reads) {
      S3Location loc = S3Location.parse("--read", read);
      i++;
      statements.add(statement("Read" + i, List.of("s3:GetObject"),
          sub("arn:${AWS::Partition}:s3:::" + loc.bucket() + "/" + loc.prefix() + "*")));
      statements.add(listing("ReadListing" + i, sub("arn:${AWS::Partition}:s3:::" + loc.bucket()), loc.prefix()));
    }
    statements.add(statement("Dedup", List.of("dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"),
        getAtt("DedupTable", "Arn")));
    String path = options.parameterPath().substring(1, options.parameterPath().length() - 1);
    statements.add(statement("Parameters", List.of("ssm:GetParameter", "ssm:GetParameters", "ssm:GetParametersByPath"),
        array(sub("arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/" + path),
            sub("arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/" + path + "/*"))));
    if (options.kmsKeyArn() != null) {
      statements.add(statement("DecryptParameters", List.of("kms:Decrypt"), F.textNode(options.kmsKeyArn())));
    }
    p.putArray("Policies").add(policy("sluice-function", statements));
  }

  private void function(ObjectNode r, String name, String handler, int memoryMb, Duration timeout, String role, String logGroup) {
    ObjectNode f = resource(r, name + "Function", "AWS::Lambda::Function");
    f.putArray("DependsOn").add(logGroup);
    ObjectNode p = f.with("Properties");
    p.set("FunctionName", sub("${AWS::StackName}-" + name.toLowerCase()));
    p.put("Description", "Sluice job '" + job.name() + "': the " + name);
    p.put("Runtime", RUNTIME);
    p.put("Handler", handler);
    p.putArray("Architectures").add(options.architecture());
    p.put("MemorySize", memoryMb);
    p.put("Timeout", timeout.toSeconds());
    p.set("Role", getAtt(role, "Arn"));
    ObjectNode code = p.putObject("Code");
    code.set("S3Bucket", ref("CodeBucket"));
    code.set("S3Key", ref("CodeKey"));
    p.putObject("EphemeralStorage").put("Size", options.ephemeralStorageMb());
    p.putObject("LoggingConfig").set("LogGroup", ref(logGroup));
    ObjectNode env = p.putObject("Environment").putObject("Variables");
    env.put("SLUICE_JOB", job.name());
    env.set("SLUICE_STORE", sub("s3://${WorkBucket}/" + options.storePrefix()));
    env.set("SLUICE_DEDUP_TABLE", ref("DedupTable"));
    env.put("SLUICE_PARAMETER_PATH", options.parameterPath());
    options.ssmParameters().entrySet().stream().sorted(Map.Entry.comparingByKey())
        .forEach(e -> env.put("SLUICE_PARAM_" + envName(e.getKey()), "ssm:" + options.parameterPath() + e.getValue()));
    // Tiered compilation stopped at C1: AWS's advice for Java functions, whose cold start matters more than peak speed.
    env.put("JAVA_TOOL_OPTIONS", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1");
    if (options.snapStart()) {
      p.putObject("SnapStart").put("ApplyOn", "PublishedVersions");
      String version = name + "Version" + options.codeVersion();
      ObjectNode v = resource(r, version, "AWS::Lambda::Version");
      v.with("Properties").set("FunctionName", ref(name + "Function"));
      ObjectNode alias = resource(r, name + "Alias", "AWS::Lambda::Alias");
      ObjectNode ap = alias.with("Properties");
      ap.set("FunctionName", ref(name + "Function"));
      ap.set("FunctionVersion", getAtt(version, "Version"));
      ap.put("Name", "live");
    }
  }

  /** What the state machine calls: the alias under SnapStart, else the function. */
  private JsonNode invoked(String name) {
    return options.snapStart() ? ref(name + "Alias") : getAtt(name + "Function", "Arn");
  }

  private void stateMachineRole(ObjectNode r) {
    ObjectNode role = resource(r, "StateMachineRole", "AWS::IAM::Role");
    ObjectNode p = role.with("Properties");
    p.set("AssumeRolePolicyDocument", assumeRole("states.amazonaws.com"));
    ArrayNode statements = F.arrayNode();
    statements.add(statement("InvokeFunctions", List.of("lambda:InvokeFunction"),
        array(getAtt("DriverFunction", "Arn"), sub("${DriverFunction.Arn}:*"),
            getAtt("ExecutorFunction", "Arn"), sub("${ExecutorFunction.Arn}:*"))));
    // continue_as_new: the loop starts a new execution of itself before its history fills up.
    statements.add(statement("ChainExecutions", List.of("states:StartExecution"), selfArn()));
    if (distributed) {
      statements.add(statement("MapRuns", List.of("states:DescribeExecution", "states:StopExecution"),
          sub("arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:execution:${AWS::StackName}/*")));
      statements.add(statement("MapRunItems", List.of("s3:GetObject"), sub("${WorkBucket.Arn}/" + options.storePrefix() + "*")));
      statements.add(listing("MapRunListing", getAtt("WorkBucket", "Arn"), options.storePrefix()));
    }
    statements.add(statement("LogDelivery", UNSCOPABLE_ACTIONS.keySet().stream().sorted().toList(), F.textNode("*")));
    p.putArray("Policies").add(policy("sluice-state-machine", statements));
  }

  private JsonNode selfArn() {
    return sub("arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:stateMachine:${AWS::StackName}");
  }

  private void stateMachine(ObjectNode r) {
    ObjectNode sm = resource(r, "StateMachine", "AWS::StepFunctions::StateMachine");
    ObjectNode p = sm.with("Properties");
    p.set("StateMachineName", sub("${AWS::StackName}"));
    p.put("StateMachineType", options.express() ? "EXPRESS" : "STANDARD");
    p.set("RoleArn", getAtt("StateMachineRole", "Arn"));
    p.set("Definition", definition);
    ObjectNode subs = p.putObject("DefinitionSubstitutions");
    subs.set("DriverArn", invoked("Driver"));
    subs.set("ExecutorArn", invoked("Executor"));
    ObjectNode logging = p.putObject("LoggingConfiguration");
    logging.put("Level", "ERROR");
    logging.put("IncludeExecutionData", false);
    logging.putArray("Destinations").addObject().putObject("CloudWatchLogsLogGroup")
        .set("LogGroupArn", getAtt("StateMachineLogGroup", "Arn"));
  }

  private void trigger(ObjectNode r) {
    S3Location loc = S3Location.parse("--trigger", options.trigger());
    ObjectNode role = resource(r, "TriggerRole", "AWS::IAM::Role");
    ObjectNode rp = role.with("Properties");
    rp.set("AssumeRolePolicyDocument", assumeRole("events.amazonaws.com"));
    ArrayNode statements = F.arrayNode();
    statements.add(statement("StartRuns", List.of("states:StartExecution"), ref("StateMachine")));
    rp.putArray("Policies").add(policy("sluice-trigger", statements));

    ObjectNode rule = resource(r, "TriggerRule", "AWS::Events::Rule");
    ObjectNode p = rule.with("Properties");
    p.put("Description", "Starts a run of '" + job.name() + "' for each object created under " + options.trigger()
        + " (the bucket must send events to EventBridge)");
    p.put("State", "ENABLED");
    ObjectNode pattern = p.putObject("EventPattern");
    pattern.putArray("source").add("aws.s3");
    pattern.putArray("detail-type").add("Object Created");
    ObjectNode detail = pattern.putObject("detail");
    detail.putObject("bucket").putArray("name").add(loc.bucket());
    if (!loc.prefix().isEmpty()) {
      detail.putObject("object").putArray("key").addObject().put("prefix", loc.prefix());
    }
    ObjectNode target = p.putArray("Targets").addObject();
    target.put("Id", "StartRun");
    target.set("Arn", ref("StateMachine"));
    target.set("RoleArn", getAtt("TriggerRole", "Arn"));
    ObjectNode transformer = target.putObject("InputTransformer");
    ObjectNode paths = transformer.putObject("InputPathsMap");
    paths.put("id", "$.id");
    paths.put("bucket", "$.detail.bucket.name");
    paths.put("key", "$.detail.object.key");
    transformer.put("InputTemplate", "{\"run\": \"s3-<id>\", \"seq\": 0, \"parameters\": {\""
        + options.triggerParameter() + "\": \"s3://<bucket>/<key>\"}}");
  }

  // --- JSON helpers ---

  private static ObjectNode resource(ObjectNode r, String name, String type) {
    ObjectNode n = r.putObject(name);
    n.put("Type", type);
    n.putObject("Properties");
    return n;
  }

  private static ObjectNode assumeRole(String service) {
    ObjectNode doc = F.objectNode();
    doc.put("Version", "2012-10-17");
    ObjectNode s = doc.putArray("Statement").addObject();
    s.put("Effect", "Allow");
    s.putObject("Principal").put("Service", service);
    s.put("Action", "sts:AssumeRole");
    return doc;
  }

  private static ObjectNode policy(String name, ArrayNode statements) {
    ObjectNode policy = F.objectNode();
    policy.put("PolicyName", name);
    ObjectNode doc = policy.putObject("PolicyDocument");
    doc.put("Version", "2012-10-17");
    doc.set("Statement", statements);
    return policy;
  }

  private static ObjectNode statement(String sid, List<String> actions, JsonNode resource) {
    ObjectNode s = F.objectNode();
    s.put("Sid", sid);
    s.put("Effect", "Allow");
    ArrayNode a = s.putArray("Action");
    actions.forEach(a::add);
    s.set("Resource", resource);
    return s;
  }

  /** {@code s3:ListBucket} on {@code bucketArn}, for keys under {@code prefix} only. */
  private static ObjectNode listing(String sid, JsonNode bucketArn, String prefix) {
    ObjectNode s = statement(sid, List.of("s3:ListBucket"), bucketArn);
    s.putObject("Condition").putObject("StringLike").set("s3:prefix", array(F.textNode(prefix + "*")));
    return s;
  }

  private static ArrayNode array(JsonNode... items) {
    ArrayNode a = F.arrayNode();
    for (JsonNode item : items) {
      a.add(item);
    }
    return a;
  }

  private static ObjectNode ref(String name) {
    return F.objectNode().put("Ref", name);
  }

  private static ObjectNode getAtt(String name, String attribute) {
    ObjectNode n = F.objectNode();
    n.putArray("Fn::GetAtt").add(name).add(attribute);
    return n;
  }

  private static ObjectNode sub(String text) {
    return F.objectNode().put("Fn::Sub", text);
  }

  private static void output(ObjectNode outputs, String name, JsonNode value) {
    outputs.putObject(name).set("Value", value);
  }

  private static String envName(String parameter) {
    return parameter.toUpperCase(java.util.Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
  }

  private static String human(Duration d) {
    return d.toString().substring(2).toLowerCase(java.util.Locale.ROOT);
  }

  static boolean usesDistributedMap(JsonNode node) {
    if (node.isObject()) {
      JsonNode mode = node.get("Mode");
      if (mode != null && "DISTRIBUTED".equals(mode.asText())) {
        return true;
      }
    }
    for (JsonNode child : node) {
      if (usesDistributedMap(child)) {
        return true;
      }
    }
    return false;
  }
}
