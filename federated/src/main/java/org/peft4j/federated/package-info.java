/** peft4j federated module. */
package org.peft4j.federated;
