//! `kubectl describe`-style text.

use serde_json::Value;

/// A pod template as `kubectl rollout history --revision` prints it (`DescribePodTemplate`).
pub fn describe_template(template: &Value) -> String {
    let mut out = String::from("Pod Template:\n");
    let labels = template.pointer("/metadata/labels").and_then(Value::as_object);
    let label_text: Vec<String> = labels
        .map(|m| m.iter().map(|(k, v)| format!("{k}={}", v.as_str().unwrap_or(""))).collect())
        .unwrap_or_default();
    if label_text.is_empty() {
        out.push_str("  Labels:\t<none>\n");
    } else {
        out.push_str(&format!("  Labels:\t{}\n", label_text.join("\n\t")));
    }
    out.push_str("  Containers:\n");
    for container in template.pointer("/spec/containers").and_then(Value::as_array).into_iter().flatten() {
        let name = container.get("name").and_then(Value::as_str).unwrap_or("");
        let image = container.get("image").and_then(Value::as_str).unwrap_or("");
        out.push_str(&format!("   {name}:\n    Image:\t{image}\n"));
        for port in container.get("ports").and_then(Value::as_array).into_iter().flatten() {
            let number = port.get("containerPort").and_then(Value::as_i64).unwrap_or(0);
            let protocol = port.get("protocol").and_then(Value::as_str).unwrap_or("TCP");
            out.push_str(&format!("    Port:\t{number}/{protocol}\n"));
        }
    }
    let mut tw = super::printers::tabwriter::TabWriter::new(0, 8, 2, b' ', false);
    tw.write(&out);
    tw.flush_output()
}
