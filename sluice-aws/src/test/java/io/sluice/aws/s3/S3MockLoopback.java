package io.sluice.aws.s3;

import org.apache.catalina.connector.Connector;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;

/**
 * Not a test: a Spring Boot customizer that {@link S3MockServer} loads into the S3Mock JVM (through
 * {@code loader.path} and an auto-configuration entry) so that S3Mock's extra plain-HTTP connector,
 * which S3Mock creates in code without an address, listens on 127.0.0.1 like the main one
 * ({@code server.address}) instead of on every interface.
 */
public class S3MockLoopback implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {
  @Override
  public void customize(TomcatServletWebServerFactory factory) {
    for (Connector connector : factory.getAdditionalTomcatConnectors()) {
      connector.setProperty("address", "127.0.0.1");
    }
  }
}
