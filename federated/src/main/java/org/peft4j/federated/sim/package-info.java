/**
 * Whole federated runs in one process: a server and N clients over real loopback sockets with HMAC
 * authentication, the global adapter scored on held-out rows after each round, a JSON-lines summary, PNG plots
 * and the final adapter in Hugging Face PEFT format. Used by `peft4j fed simulate`, `peft4j demo` and the
 * experiments of docs/EXPERIMENTS.md.
 */
package org.peft4j.federated.sim;
