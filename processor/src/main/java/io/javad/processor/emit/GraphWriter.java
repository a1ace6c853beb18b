package io.javad.processor.emit;

import io.javad.processor.analysis.Activity;
import io.javad.processor.ir.Expr;
import io.javad.processor.ir.ExprScan;
import io.javad.processor.ir.MethodIr;
import io.javad.processor.ir.Stmt;
import io.javad.processor.ir.Variable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A method's computational graph in Graphviz DOT, from javad's IR: inputs, one node per
 * operation, the variables statements assign, the output; values that depend on the active
 * inputs (and that the output depends on) drawn filled. Branches and loops are boxes around their
 * statements. Written with {@code -Ajavad.graph=true}.
 */
public final class GraphWriter {

  private final StringBuilder out = new StringBuilder();
  private final Activity activity;
  /** The node holding each variable's current value. */
  private final Map<Variable, String> current = new HashMap<>();
  private int nodes;
  private int clusters;

  private GraphWriter(Activity activity) {
    this.activity = activity;
  }

  /** The graph of {@code method} as a DOT digraph. */
  public static String of(MethodIr method) {
    GraphWriter w = new GraphWriter(Activity.of(method));
    w.out.append("digraph ").append(quote(method.name())).append(" {\n");
    w.out.append("  rankdir=LR;\n  node [fontname=\"Helvetica\", fontsize=11];\n");
    for (MethodIr.Parameter p : method.parameters()) {
      Variable v = p.variable();
      String node = w.node(v.name(), "ellipse", p.active() ? "#9ecae1" : "#eeeeee");
      w.current.put(v, node);
    }
    w.statements(method.body(), "  ");
    w.out.append("}\n");
    return w.out.toString();
  }

  private void statements(List<Stmt> body, String pad) {
    for (Stmt s : body) {
      if (s instanceof Stmt.Declare d && d.init() != null) {
        assign(d.variable(), d.init(), pad);
      } else if (s instanceof Stmt.Assign a) {
        Expr value = a.op() == null ? a.value() : new Expr.Binary(a.op(), new Expr.Local(a.variable()), a.value(), a.variable().type());
        assign(a.variable(), value, pad);
      } else if (s instanceof Stmt.Return r && r.value() != null) {
        String value = expression(r.value(), pad);
        String output = node("return", "doublecircle", activity.isActive(r.value()) ? "#fdae6b" : "#eeeeee");
        edge(value, output, pad);
      } else if (s instanceof Stmt.If i) {
        cluster("if " + JavaPrinter.text(i.condition()), pad, () -> {
          statements(i.then(), pad + "  ");
          statements(i.otherwise(), pad + "  ");
        });
      } else if (s instanceof Stmt.Loop l) {
        cluster("loop" + (l.condition() == null ? "" : " while " + JavaPrinter.text(l.condition())), pad, () -> {
          statements(l.init(), pad + "  ");
          statements(l.body(), pad + "  ");
          statements(l.update(), pad + "  ");
        });
      } else if (s instanceof Stmt.Block b) {
        statements(b.body(), pad);
      } else if (s instanceof Stmt.Store st) {
        String value = expression(st.value(), pad);
        String target = node(JavaPrinter.text(st.target()) + (st.op() == null ? " =" : " " + st.op().symbol() + "="), "box", "#ffffff");
        edge(value, target, pad);
      }
    }
  }

  private void assign(Variable v, Expr value, String pad) {
    String from = expression(value, pad);
    String node = node(v.name(), "box", activity.isActive(v) ? "#c7e9c0" : "#ffffff");
    edge(from, node, pad);
    current.put(v, node);
  }

  /** The node of {@code e}'s value, with nodes for its operations. */
  private String expression(Expr e, String pad) {
    if (e instanceof Expr.Local l && current.containsKey(l.variable())) {
      return current.get(l.variable());
    }
    List<Expr> children = ExprScan.children(e);
    if (children.isEmpty()) {
      return node(JavaPrinter.text(e), "plaintext", "#ffffff");
    }
    String label =
        e instanceof Expr.Binary b ? b.op().symbol()
            : e instanceof Expr.Call c ? c.name()
            : e instanceof Expr.Unary u ? u.op().toString().toLowerCase()
            : e.getClass().getSimpleName().toLowerCase();
    String node = node(label, "circle", activity.isActive(e) ? "#c7e9c0" : "#ffffff");
    for (Expr child : children) {
      edge(expression(child, pad), node, pad);
    }
    return node;
  }

  private String node(String label, String shape, String fill) {
    String id = "n" + nodes++;
    out.append("  ").append(id).append(" [label=").append(quote(label)).append(", shape=")
        .append(shape).append(", style=filled, fillcolor=").append(quote(fill)).append("];\n");
    return id;
  }

  private void edge(String from, String to, String pad) {
    out.append(pad).append(from).append(" -> ").append(to).append(";\n");
  }

  private void cluster(String label, String pad, Runnable inside) {
    out.append(pad).append("subgraph cluster_").append(clusters++).append(" {\n");
    out.append(pad).append("  label=").append(quote(label)).append("; style=rounded;\n");
    inside.run();
    out.append(pad).append("}\n");
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
