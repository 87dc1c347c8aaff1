// crm.js — a CRM page reacting to the toolbar in its iframe (docs/web.md).
const bar = document.getElementById('bar');
bar.src = `/?embed=1&parentOrigin=${encodeURIComponent(location.origin)}`;
window.addEventListener('message', (ev) => {
  if (ev.source !== bar.contentWindow || ev.data?.source !== 'callcloud-agentbar') return;
  const { event, detail } = ev.data;
  if (event === 'OnAlerting') document.getElementById('caller').textContent = detail.otherParty;
  document.getElementById('events').append(Object.assign(document.createElement('li'), { textContent: event }));
});
