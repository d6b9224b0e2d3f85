//! A flow as a picture: Mermaid or Graphviz DOT.

use crate::dialog::Flow;
use crate::dialog::model::NodeKind;

fn label(flow: &Flow, i: usize) -> String {
    let n = &flow.nodes[i];
    let kind = match n.kind {
        NodeKind::End => format!("end: {}", n.status.map(|s| s.code()).unwrap_or("")),
        NodeKind::Message => "message".into(),
        NodeKind::Review => "review".into(),
        _ => n.var.clone().unwrap_or_default(),
    };
    format!("{}\\n({kind})", n.id)
}

pub fn mermaid(flow: &Flow) -> String {
    let mut out = String::from("flowchart TD\n");
    for (i, n) in flow.nodes.iter().enumerate() {
        let l = label(flow, i).replace("\\n", "<br/>");
        let shape = match n.kind {
            NodeKind::End => format!("{}([\"{l}\"])", n.id),
            NodeKind::Message => format!("{}[/\"{l}\"/]", n.id),
            _ => format!("{}[\"{l}\"]", n.id),
        };
        out.push_str(&format!("  {shape}\n"));
        if let Some(w) = &n.when {
            out.push_str(&format!("  %% {} asked when {}\n", n.id, w.source()));
        }
        for t in &n.next {
            let to = &flow.nodes[t.to].id;
            match &t.cond {
                Some(c) => out.push_str(&format!(
                    "  {} -->|\"{}\"| {to}\n",
                    n.id,
                    c.source().replace('"', "'")
                )),
                None => out.push_str(&format!("  {} --> {to}\n", n.id)),
            }
        }
    }
    for s in &flow.stops {
        let cond = s
            .cond
            .as_ref()
            .map(|c| c.source().replace('"', "'"))
            .unwrap_or_default();
        out.push_str(&format!(
            "  stops{{{{\"any answer\"}}}} -.->|\"{cond}\"| {}\n",
            flow.nodes[s.to].id
        ));
    }
    out
}

pub fn dot(flow: &Flow) -> String {
    let mut out = format!(
        "digraph {} {{\n  rankdir=TB;\n  node [shape=box, fontname=\"sans-serif\"];\n",
        flow.id
    );
    for (i, n) in flow.nodes.iter().enumerate() {
        let shape = match n.kind {
            NodeKind::End => "doubleoctagon",
            NodeKind::Message => "note",
            _ => "box",
        };
        out.push_str(&format!(
            "  {} [label=\"{}\", shape={shape}];\n",
            n.id,
            label(flow, i)
        ));
        for t in &n.next {
            let to = &flow.nodes[t.to].id;
            match &t.cond {
                Some(c) => out.push_str(&format!(
                    "  {} -> {to} [label=\"{}\"];\n",
                    n.id,
                    c.source().replace('"', "'")
                )),
                None => out.push_str(&format!("  {} -> {to};\n", n.id)),
            }
        }
    }
    for s in &flow.stops {
        let cond = s
            .cond
            .as_ref()
            .map(|c| c.source().replace('"', "'"))
            .unwrap_or_default();
        out.push_str(&format!(
            "  any_answer -> {} [style=dashed, label=\"{cond}\"];\n",
            flow.nodes[s.to].id
        ));
    }
    out.push_str("}\n");
    out
}
