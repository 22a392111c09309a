package io.sluice.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.Job;
import io.sluice.examples.demo.DemoJob;
import io.sluice.loop.FunctionArns;
import io.sluice.loop.LoopDefinition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class DeployTemplateTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Job DEMO = new DemoJob().create();

  private static ObjectNode template(DeployOptions options) {
    return DeployTemplate.generate(DEMO, options);
  }

  private static ObjectNode demo() {
    return template(DeployOptions.builder("demo").build());
  }

  private static JsonNode resource(JsonNode template, String name) {
    JsonNode r = template.path("Resources").path(name);
    assertThat(r.isMissingNode()).as("resource " + name).isFalse();
    return r;
  }

  @Test
  void theTemplateIsJsonThatReadsBackToItself() throws Exception {
    ObjectNode t = demo();
    String text = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(t);
    // Parses back to the same document (compared as text: Jackson's int and long nodes differ as objects).
    assertThat(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(JSON.readTree(text))).isEqualTo(text);
    assertThat(t.get("AWSTemplateFormatVersion").asText()).isEqualTo("2010-09-09");
    Map<String, String> types = new java.util.TreeMap<>();
    t.get("Resources").fields().forEachRemaining(e -> types.put(e.getKey(), e.getValue().get("Type").asText()));
    assertThat(types).containsEntry("WorkBucket", "AWS::S3::Bucket")
        .containsEntry("WorkBucketPolicy", "AWS::S3::BucketPolicy")
        .containsEntry("DedupTable", "AWS::DynamoDB::Table")
        .containsEntry("DriverFunction", "AWS::Lambda::Function")
        .containsEntry("ExecutorFunction", "AWS::Lambda::Function")
        .containsEntry("StateMachine", "AWS::StepFunctions::StateMachine")
        .containsEntry("StateMachineLogGroup", "AWS::Logs::LogGroup")
        .doesNotContainKey("TriggerRule");
    // Every Ref and GetAtt names a resource or parameter of the template.
    List<String> names = new ArrayList<>();
    t.get("Resources").fieldNames().forEachRemaining(names::add);
    t.get("Parameters").fieldNames().forEachRemaining(names::add);
    for (JsonNode ref : t.findValues("Ref")) {
      assertThat(names).as("Ref " + ref).contains(ref.asText());
    }
    for (JsonNode att : t.findValues("Fn::GetAtt")) {
      assertThat(names).as("GetAtt " + att).contains(att.get(0).asText());
    }
    Pattern subRef = Pattern.compile("\\$\\{([A-Za-z0-9]+)(\\.[A-Za-z]+)?}");
    for (JsonNode sub : t.findValues("Fn::Sub")) {
      var m = subRef.matcher(sub.asText());
      while (m.find()) {
        assertThat(names).as("Fn::Sub " + sub).contains(m.group(1));
      }
    }
  }

  @Test
  void theCapabilitiesAreThoseItsIamResourcesNeed() {
    ObjectNode t = demo();
    // Roles without custom names: CAPABILITY_IAM, which `aws cloudformation deploy` and a change set must acknowledge.
    assertThat(DeployTemplate.capabilities(t)).containsExactly("CAPABILITY_IAM");
    ((ObjectNode) t.at("/Resources/DriverRole/Properties")).put("RoleName", "fixed-name");
    assertThat(DeployTemplate.capabilities(t)).containsExactly("CAPABILITY_NAMED_IAM");
    ObjectNode noIam = JSON.createObjectNode();
    noIam.putObject("Resources").set("WorkBucket", t.at("/Resources/WorkBucket"));
    assertThat(DeployTemplate.capabilities(noIam)).isEmpty();
  }

  @Test
  void theFunctionsAreSizedAndWiredAsTheJobSays() {
    ObjectNode t = demo();
    JsonNode driver = resource(t, "DriverFunction").get("Properties");
    JsonNode executor = resource(t, "ExecutorFunction").get("Properties");
    assertThat(driver.get("MemorySize").asInt()).isEqualTo(DEMO.settings().driverMemoryMb()).isEqualTo(2048);
    assertThat(executor.get("MemorySize").asInt()).isEqualTo(10240);
    assertThat(driver.get("Timeout").asInt()).isEqualTo(900);
    assertThat(executor.get("Timeout").asInt()).isEqualTo(900);
    assertThat(driver.get("Runtime").asText()).isEqualTo("java21");
    assertThat(driver.get("Handler").asText()).isEqualTo(DeployTemplate.DRIVER_HANDLER);
    assertThat(executor.get("Handler").asText()).isEqualTo(DeployTemplate.EXECUTOR_HANDLER);
    assertThat(driver.get("Architectures").get(0).asText()).isEqualTo("x86_64");
    JsonNode env = executor.get("Environment").get("Variables");
    assertThat(env.get("SLUICE_JOB").asText()).isEqualTo("demo");
    assertThat(env.get("SLUICE_STORE").get("Fn::Sub").asText()).isEqualTo("s3://${WorkBucket}/sluice/demo/");
    assertThat(env.get("SLUICE_DEDUP_TABLE").get("Ref").asText()).isEqualTo("DedupTable");
    assertThat(executor.has("SnapStart")).isFalse();

    ObjectNode arm = template(DeployOptions.builder("demo").architecture("arm64").ephemeralStorageMb(4096).build());
    JsonNode armExecutor = resource(arm, "ExecutorFunction").get("Properties");
    assertThat(armExecutor.get("Architectures").get(0).asText()).isEqualTo("arm64");
    assertThat(armExecutor.get("EphemeralStorage").get("Size").asInt()).isEqualTo(4096);
  }

  @Test
  void theStateMachineRunsTheGeneratedLoopOnTheDeployedFunctions() {
    ObjectNode t = demo();
    JsonNode sm = resource(t, "StateMachine").get("Properties");
    assertThat(sm.get("StateMachineType").asText()).isEqualTo("STANDARD");
    assertThat(sm.get("Definition")).isEqualTo(LoopDefinition.generate(DEMO, new FunctionArns("${DriverArn}", "${ExecutorArn}")));
    assertThat(sm.get("DefinitionSubstitutions").get("DriverArn").get("Fn::GetAtt").get(0).asText()).isEqualTo("DriverFunction");
    assertThat(sm.get("DefinitionSubstitutions").get("ExecutorArn").get("Fn::GetAtt").get(0).asText()).isEqualTo("ExecutorFunction");
    assertThat(sm.get("LoggingConfiguration").get("IncludeExecutionData").asBoolean()).isFalse();
  }

  @Test
  void theBucketIsPrivateEncryptedTlsOnlyAndCleansUpAfterItself() {
    ObjectNode t = demo();
    JsonNode bucket = resource(t, "WorkBucket");
    assertThat(bucket.get("DeletionPolicy").asText()).isEqualTo("Retain");
    JsonNode block = bucket.get("Properties").get("PublicAccessBlockConfiguration");
    for (String setting : List.of("BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets")) {
      assertThat(block.get(setting).asBoolean()).as(setting).isTrue();
    }
    assertThat(bucket.get("Properties").at("/BucketEncryption/ServerSideEncryptionConfiguration/0/ServerSideEncryptionByDefault/SSEAlgorithm")
        .asText()).isEqualTo("AES256");
    JsonNode rules = bucket.get("Properties").at("/LifecycleConfiguration/Rules");
    assertThat(rules.findValuesAsText("Prefix")).containsExactly("sluice/demo/", "sluice/demo/runs/");
    assertThat(rules.get(0).at("/AbortIncompleteMultipartUpload/DaysAfterInitiation").asInt()).isEqualTo(1);
    assertThat(rules.get(1).get("ExpirationInDays").asInt()).isEqualTo(30);

    JsonNode deny = resource(t, "WorkBucketPolicy").at("/Properties/PolicyDocument/Statement/0");
    assertThat(deny.get("Effect").asText()).isEqualTo("Deny");
    assertThat(deny.at("/Condition/Bool/aws:SecureTransport").asText()).isEqualTo("false");

    JsonNode table = resource(t, "DedupTable").get("Properties");
    assertThat(table.at("/TimeToLiveSpecification/AttributeName").asText()).isEqualTo("ttl");
    assertThat(table.at("/TimeToLiveSpecification/Enabled").asBoolean()).isTrue();
    assertThat(table.get("BillingMode").asText()).isEqualTo("PAY_PER_REQUEST");
  }

  @Test
  void everyIamStatementIsScoped() {
    DeployOptions everything = DeployOptions.builder("demo").snapStart(true)
        .read("s3://raw-data-bucket/landing/").trigger("s3://raw-data-bucket/landing/orders/")
        .kmsKeyArn("arn:aws:kms:us-east-1:123456789012:key/abcd").ssmParameter("db_password", "db/password").build();
    for (ObjectNode t : List.of(demo(), template(everything))) {
      List<JsonNode> statements = new ArrayList<>();
      t.get("Resources").forEach(r -> {
        if (r.get("Type").asText().equals("AWS::IAM::Role")) {
          r.at("/Properties/Policies").forEach(p -> p.at("/PolicyDocument/Statement").forEach(statements::add));
        }
      });
      assertThat(statements).hasSizeGreaterThan(8);
      for (JsonNode s : statements) {
        assertThat(s.get("Effect").asText()).isEqualTo("Allow");
        List<String> actions = new ArrayList<>();
        s.get("Action").forEach(a -> actions.add(a.asText()));
        assertThat(actions).as(s.toString()).allMatch(a -> !a.contains("*"));
        List<JsonNode> resources = new ArrayList<>();
        if (s.get("Resource").isArray()) {
          s.get("Resource").forEach(resources::add);
        } else {
          resources.add(s.get("Resource"));
        }
        for (JsonNode res : resources) {
          if (res.isTextual() && res.asText().equals("*")) {
            assertThat(DeployTemplate.UNSCOPABLE_ACTIONS.keySet()).as("'*' only for unscopable actions: " + s).containsAll(actions);
            continue;
          }
          String text = res.isTextual() ? res.asText() : res.has("Fn::Sub") ? res.get("Fn::Sub").asText() : null;
          if (text == null) {
            assertThat(res.has("Ref") || res.has("Fn::GetAtt")).as("a resource of this stack: " + res).isTrue();
            continue;
          }
          assertThat(text).as(s.toString()).matches("(arn:|\\$\\{[A-Za-z]+\\.Arn}).*");
          // A wildcard only at the end of a path or after a colon (versions of one function).
          assertThat(text.indexOf('*')).as(text).isIn(-1, text.length() - 1);
          if (text.endsWith("*")) {
            char before = text.charAt(text.length() - 2);
            assertThat(before == '/' || before == ':').as(text).isTrue();
            assertThat(text).as("wildcards stay inside a named bucket prefix, function, path or execution")
                .matches(".*(/sluice/demo/\\*|/landing/\\*|/landing/orders/\\*|:\\*|parameter/sluice/demo/\\*|execution:\\$\\{AWS::StackName}/\\*)");
          }
        }
        if (actions.contains("s3:ListBucket")) {
          assertThat(s.at("/Condition/StringLike/s3:prefix").isArray()).as("listing limited to a prefix: " + s).isTrue();
        }
      }
    }
  }

  @Test
  void expressIsRefusedUnlessTheJobFinishesWithinFiveMinutes() {
    assertThatThrownBy(() -> template(DeployOptions.builder("demo").express(true).build()))
        .isInstanceOf(DeployRefusedException.class)
        .hasMessageContaining("5 minutes")
        .hasMessageContaining("--expected-duration");
    assertThatThrownBy(() -> template(DeployOptions.builder("demo").express(true).expectedDuration(Duration.ofMinutes(20)).build()))
        .isInstanceOf(DeployRefusedException.class)
        .hasMessageContaining("20m")
        .hasMessageContaining("Standard");
    ObjectNode t = template(DeployOptions.builder("demo").express(true).expectedDuration(Duration.ofMinutes(4)).build());
    assertThat(resource(t, "StateMachine").at("/Properties/StateMachineType").asText()).isEqualTo("EXPRESS");
  }

  @Test
  void aDistributedMapIsFoundWhereverItSits() throws Exception {
    assertThat(DeployTemplate.usesDistributedMap(LoopDefinition.generate(DEMO, FunctionArns.local("demo")))).isFalse();
    JsonNode nested = JSON.readTree("{\"States\":{\"M\":{\"Type\":\"Map\",\"ItemProcessor\":{\"ProcessorConfig\":"
        + "{\"Mode\":\"DISTRIBUTED\",\"ExecutionType\":\"EXPRESS\"}}}}}");
    assertThat(DeployTemplate.usesDistributedMap(nested)).isTrue();
  }

  /** A job past 40 executors: its loop runs a Distributed Map. */
  private static final Job WIDE = Job.builder("wide")
      .stage(io.sluice.Stage.named("s").settings(io.sluice.StageSettings.builder().maxExecutors(1000).build())
          .plan(ctx -> io.sluice.Plan.done()).build())
      .build();

  private static JsonNode statementOf(JsonNode template, String role, String sid) {
    for (JsonNode s : resource(template, role).at("/Properties/Policies/0/PolicyDocument/Statement")) {
      if (s.get("Sid").asText().equals(sid)) {
        return s;
      }
    }
    return null;
  }

  /** The definition as deployed, CloudFormation's DefinitionSubstitutions filled in, for asl-validator (scripts/test). */
  private static void writeDeployed(String name, JsonNode template) throws java.io.IOException {
    String def = resource(template, "StateMachine").at("/Properties/Definition").toPrettyString()
        .replace("${DriverArn}", "arn:aws:lambda:us-east-1:123456789012:function:sluice-" + name + "-driver")
        .replace("${ExecutorArn}", "arn:aws:lambda:us-east-1:123456789012:function:sluice-" + name + "-executor");
    java.nio.file.Path out = java.nio.file.Path.of("target", "asl", name + "-deployed.json");
    java.nio.file.Files.createDirectories(out.getParent());
    java.nio.file.Files.writeString(out, def);
  }

  @Test
  void aDistributedJobsStateMachineMayReadItsRoundsItemsAndRunItsChildren() throws Exception {
    ObjectNode t = DeployTemplate.generate(WIDE, DeployOptions.builder("wide").build());
    JsonNode map = resource(t, "StateMachine").at("/Properties/Definition/States/Executors");
    assertThat(map.at("/ItemProcessor/ProcessorConfig/Mode").asText()).isEqualTo("DISTRIBUTED");
    assertThat(map.at("/ItemReader/Resource").asText()).isEqualTo("arn:aws:states:::s3:getObject");
    assertThat(resource(t, "StateMachine").at("/Properties/StateMachineType").asText()).isEqualTo("STANDARD");
    // The Driver writes the items under the store's prefix of the work bucket: the reader may get them there.
    String prefix = DeployOptions.builder("wide").build().storePrefix();
    JsonNode items = statementOf(t, "StateMachineRole", "MapRunItems");
    assertThat(items).isNotNull();
    assertThat(items.get("Action").get(0).asText()).isEqualTo("s3:GetObject");
    assertThat(items.get("Resource").findValuesAsText("Fn::Sub")).containsExactly("${WorkBucket.Arn}/" + prefix + "*");
    assertThat(statementOf(t, "StateMachineRole", "MapRuns")).isNotNull();
    assertThat(resource(t, "DriverFunction").at("/Properties/Environment/Variables/SLUICE_STORE").findValuesAsText("Fn::Sub"))
        .containsExactly("s3://${WorkBucket}/" + prefix);
    assertThat(statementOf(demo(), "StateMachineRole", "MapRunItems")).as("an inline job's role reads no items").isNull();
    assertThatThrownBy(() -> DeployTemplate.generate(WIDE, DeployOptions.builder("wide").express(true)
        .expectedDuration(Duration.ofMinutes(4)).build()))
        .isInstanceOf(DeployRefusedException.class)
        .hasMessageContaining("Distributed Map");
    writeDeployed("wide", t);
    writeDeployed("demo-express", template(DeployOptions.builder("demo").express(true).expectedDuration(Duration.ofMinutes(4))
        .build()));
  }

  @Test
  void secretsAreWiredByNameNeverByValue() {
    ObjectNode t = template(DeployOptions.builder("demo").ssmParameter("db_password", "db/password").build());
    JsonNode env = resource(t, "DriverFunction").at("/Properties/Environment/Variables");
    assertThat(env.get("SLUICE_PARAM_DB_PASSWORD").asText()).isEqualTo("ssm:/sluice/demo/db/password");
    assertThat(env.get("SLUICE_PARAMETER_PATH").asText()).isEqualTo("/sluice/demo/");
    assertThatThrownBy(() -> DeployOptions.builder("demo").ssmParameter("db_password", "correct horse battery").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not hold a value")
        .hasMessageContaining("put-parameter");
    // The functions may read exactly the job's parameter path.
    JsonNode statements = resource(t, "DriverRole").at("/Properties/Policies/0/PolicyDocument/Statement");
    JsonNode ssm = null;
    for (JsonNode s : statements) {
      if (s.get("Sid").asText().equals("Parameters")) {
        ssm = s;
      }
    }
    assertThat(ssm).isNotNull();
    assertThat(ssm.get("Resource").findValuesAsText("Fn::Sub")).containsExactly(
        "arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/sluice/demo",
        "arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/sluice/demo/*");
  }

  @Test
  void snapStartPublishesAVersionAndTheStateMachineCallsItsAlias() {
    ObjectNode t = template(DeployOptions.builder("demo").snapStart(true).codeVersion("abc123").build());
    assertThat(resource(t, "DriverFunction").at("/Properties/SnapStart/ApplyOn").asText()).isEqualTo("PublishedVersions");
    assertThat(resource(t, "DriverVersionabc123").get("Type").asText()).isEqualTo("AWS::Lambda::Version");
    JsonNode alias = resource(t, "ExecutorAlias").get("Properties");
    assertThat(alias.get("Name").asText()).isEqualTo("live");
    JsonNode subs = resource(t, "StateMachine").at("/Properties/DefinitionSubstitutions");
    assertThat(subs.get("DriverArn").get("Ref").asText()).isEqualTo("DriverAlias");
    assertThat(subs.get("ExecutorArn").get("Ref").asText()).isEqualTo("ExecutorAlias");
  }

  @Test
  void aTriggerStartsARunPerNewObjectAndTheFunctionsMayReadIt() {
    ObjectNode t = template(DeployOptions.builder("demo").trigger("s3://raw-data-bucket/landing/orders/").build());
    JsonNode rule = resource(t, "TriggerRule").get("Properties");
    assertThat(rule.at("/EventPattern/detail/bucket/name/0").asText()).isEqualTo("raw-data-bucket");
    assertThat(rule.at("/EventPattern/detail/object/key/0/prefix").asText()).isEqualTo("landing/orders/");
    assertThat(rule.at("/Targets/0/Arn/Ref").asText()).isEqualTo("StateMachine");
    String input = rule.at("/Targets/0/InputTransformer/InputTemplate").asText();
    assertThat(input).contains("\"run\": \"s3-<id>\"").contains("\"input\": \"s3://<bucket>/<key>\"");
    String reads = resource(t, "ExecutorRole").toString();
    assertThat(reads).contains("arn:${AWS::Partition}:s3:::raw-data-bucket/landing/orders/*");
  }

  @Test
  void badOptionsAreRefusedWithTheirName() {
    assertThatThrownBy(() -> DeployOptions.builder("demo").architecture("sparc").build())
        .hasMessageContaining("x86_64 or arm64").hasMessageContaining("sparc");
    assertThatThrownBy(() -> DeployOptions.builder("demo").ephemeralStorageMb(100).build())
        .hasMessageContaining("512 to 10240");
    assertThatThrownBy(() -> DeployOptions.builder("demo").trigger("raw-bucket/x").build())
        .hasMessageContaining("--trigger").hasMessageContaining("s3://");
    assertThatThrownBy(() -> DeployOptions.builder("demo").read("s3://Bad_Bucket/x").build())
        .hasMessageContaining("--read").hasMessageContaining("Bad_Bucket");
    assertThatThrownBy(() -> DeployOptions.builder("demo").logRetentionDays(2).build())
        .hasMessageContaining("log retention");
    assertThatThrownBy(() -> DeployOptions.builder("demo").storePrefix("/abs/").build())
        .hasMessageContaining("store prefix");
  }
}
