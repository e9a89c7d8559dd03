package dev.podbench.deploy;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** A test run once for each of {@link RenderedManifests#INSTALLATIONS}, given its name. */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@ParameterizedTest(name = "{0}")
@FieldSource("dev.podbench.deploy.RenderedManifests#INSTALLATIONS")
@interface ForEachInstallation {
}
