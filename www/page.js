// index.html's one playground owns the page: its shortcuts also answer keys pressed while
// nothing has focus (an element's own shortcuts answer only while focus is inside it).
const playground = document.getElementById("playground");
document.addEventListener("keydown", (event) => {
  if (event.target === document.body) playground.shortcut(event);
});
