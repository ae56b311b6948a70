// iamd console: small progressive enhancements. Every page works without
// this script; it adds the policy editor's validation as you type.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  for (const editor of document.querySelectorAll("textarea[data-validate-policy]")) {
    watchPolicyEditor(editor);
  }
});

// watchPolicyEditor asks the server to validate the document after each
// pause in typing and shows the engine's messages next to the editor.
function watchPolicyEditor(editor) {
  const out = document.getElementById(editor.dataset.validatePolicy);
  const csrf = editor.form ? editor.form.querySelector("input[name=csrf]") : null;
  let timer = null;
  let seq = 0;
  const check = async () => {
    const mine = ++seq;
    const body = new URLSearchParams({ document: editor.value, kind: editor.dataset.policyKind || "identity" });
    try {
      const res = await fetch("/console/policies/validate", {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded", "X-CSRF-Token": csrf ? csrf.value : "" },
        body,
      });
      const result = await res.json();
      if (mine !== seq || !out) return;
      out.textContent = result.valid ? "The policy is valid." : result.message;
      out.className = result.valid ? "status good" : "status bad";
    } catch (err) {
      if (out) { out.textContent = "Could not validate: " + err; out.className = "status bad"; }
    }
  };
  editor.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(check, 300);
  });
  check();
}
