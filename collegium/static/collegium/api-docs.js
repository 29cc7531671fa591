/* Swagger UI has no translations of its own: put its fixed labels into the interface
   language from the site's script catalog (djangojs), as they appear. */
"use strict";
(function () {
  if (typeof window.gettext !== "function") {
    return;
  }
  const LABELS = [
    "Try it out", "Cancel", "Execute", "Clear", "Parameters", "No parameters", "Responses",
    "Request body", "Description", "Name", "Code", "Links", "No links", "Response body",
    "Response headers", "Request URL", "Server response", "Authorize", "Available authorizations",
    "Close", "Logout", "Schemas", "Example Value", "Schema", "Media type", "Download", "Details",
    "Value", "required", "Loading...",
  ];
  const translated = new Map();
  for (const label of LABELS) {
    const text = window.gettext(label);
    if (text !== label) {
      translated.set(label, text);
    }
  }
  if (!translated.size) {
    return;
  }
  function translate(root) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    let node = walker.nextNode();
    while (node) {
      const key = node.nodeValue.trim();
      if (translated.has(key)) {
        node.nodeValue = node.nodeValue.replace(key, translated.get(key));
      }
      node = walker.nextNode();
    }
  }
  const target = document.getElementById("swagger-ui");
  translate(target);
  new MutationObserver(function (mutations) {
    for (const mutation of mutations) {
      for (const added of mutation.addedNodes) {
        if (added.nodeType === Node.ELEMENT_NODE) {
          translate(added);
        } else if (added.nodeType === Node.TEXT_NODE && added.parentNode) {
          translate(added.parentNode);
        }
      }
      if (mutation.type === "characterData" && mutation.target.parentNode) {
        translate(mutation.target.parentNode);
      }
    }
  }).observe(target, { childList: true, subtree: true, characterData: true });
})();
