package io.javad.processor.front;

import com.sun.source.tree.Tree;
import io.javad.processor.diag.Message;

/**
 * Thrown inside the front end when a construct is outside the supported subset; caught once per
 * statement and turned into a compile error at {@link #node()}. Never escapes the front end.
 */
final class Unsupported extends Exception {

  private final transient Tree node;
  private final Message message;
  private final transient Object[] args;

  Unsupported(Tree node, Message message, Object... args) {
    super(message == null ? "follow-up" : message.name(), null, false, false);
    this.node = node;
    this.message = message;
    this.args = args;
  }

  /** A use of something already reported: counts as a failure, but is not reported again. */
  static Unsupported followUp(Tree node) {
    return new Unsupported(node, null);
  }

  boolean isFollowUp() {
    return message == null;
  }

  Tree node() {
    return node;
  }

  Message message() {
    return message;
  }

  Object[] args() {
    return args;
  }
}
