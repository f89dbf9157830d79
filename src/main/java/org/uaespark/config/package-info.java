/**
 * Run configuration: Typesafe Config profiles layered over {@code conf/defaults.conf}, validated once into typed
 * settings per stage (ingest, train, attack, retrain), the attack profiles and the retrain grid's arms. Every key is
 * declared once, in {@code defaults.conf}; an unknown key is a configuration error.
 */
package org.uaespark.config;
