// The act page's language switch keeps the reader's place: each link in the switch
// (a[data-keep-place]) carries the current #fragment, or, when the address has none, the
// provision at the top of the window at the moment the link is followed. Without
// JavaScript every provision has its own "in other languages" links instead.
(function () {
  "use strict";
  var EID = /^[\w.\-]+$/;
  function base(a) { return a.getAttribute("href").split("#")[0]; }
  function update() {
    var hash = window.location.hash.slice(1);
    var links = document.querySelectorAll("a[data-keep-place]");
    for (var i = 0; i < links.length; i++) {
      links[i].setAttribute("href", base(links[i]) + (EID.test(hash) ? "#" + hash : ""));
    }
  }
  function inView() {  // the last provision that starts above the top 40 px of the window
    var all = document.querySelectorAll("section.provision[id]");
    var id = "";
    for (var i = 0; i < all.length; i++) {
      if (all[i].getBoundingClientRect().top > 40) { break; }
      id = all[i].id;
    }
    return id;
  }
  document.addEventListener("click", function (e) {
    var a = e.target.closest ? e.target.closest("a[data-keep-place]") : null;
    if (!a || window.location.hash) { return; }
    var eid = inView();
    if (EID.test(eid)) { a.setAttribute("href", base(a) + "#" + eid); }
  });
  window.addEventListener("hashchange", update);
  document.addEventListener("DOMContentLoaded", update);
})();
