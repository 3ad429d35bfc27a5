/** Building DOM without innerHTML: text is always text, so nothing from the API becomes markup. */

export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  setAttributes(node, attributes);
  node.append(...children.flat().filter((child) => child !== null && child !== undefined));
  return node;
}

const SVG = 'http://www.w3.org/2000/svg';

/** A decorative icon from a few path strings (24×24 grid, stroked). */
export function icon(...paths) {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  svg.setAttribute('class', 'icon');
  for (const d of paths) {
    const path = document.createElementNS(SVG, 'path');
    path.setAttribute('d', d);
    svg.append(path);
  }
  return svg;
}

function setAttributes(node, attributes) {
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === null || value === undefined) continue;
    if (name === 'class') node.className = value;
    else if (name === 'text') node.textContent = value;
    else if (name === 'dataset') Object.assign(node.dataset, value);
    else if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? '' : String(value));
  }
}

export function byId(id) {
  const node = document.getElementById(id);
  if (!node) throw new Error(`#${id} is missing from the page`);
  return node;
}

/** Shows a message in an element, or hides the element when there is none. */
export function showMessage(node, message) {
  node.textContent = message ?? '';
  node.hidden = !message;
}

/**
 * A field's error next to it: aria-invalid on the control and the message joined to its
 * description, so a screen reader reads the error with the field.
 */
export function setFieldError(control, errorNode, message) {
  showMessage(errorNode, message);
  const describedBy = new Set((control.getAttribute('aria-describedby') ?? '').split(/\s+/));
  describedBy.delete('');
  if (message) {
    control.setAttribute('aria-invalid', 'true');
    describedBy.add(errorNode.id);
  } else {
    control.removeAttribute('aria-invalid');
    describedBy.delete(errorNode.id);
  }
  if (describedBy.size) control.setAttribute('aria-describedby', [...describedBy].join(' '));
  else control.removeAttribute('aria-describedby');
}

/**
 * Runs `work` with the button marked busy; a second press while it runs does nothing (the flag,
 * so a click queued before the repaint is ignored too). aria-disabled rather than disabled: a
 * disabled button drops keyboard focus to <body>, and the person with it.
 */
export async function whileBusy(button, busyLabel, work) {
  if (button.dataset.busy === 'true') return undefined;
  const label = button.textContent;
  button.dataset.busy = 'true';
  button.setAttribute('aria-disabled', 'true');
  button.setAttribute('aria-busy', 'true');
  if (busyLabel) button.textContent = busyLabel;
  try {
    return await work();
  } finally {
    delete button.dataset.busy;
    button.removeAttribute('aria-busy');
    button.removeAttribute('aria-disabled');
    if (busyLabel && button.textContent === busyLabel) button.textContent = label;
  }
}

/** Whether a button is inactive: busy, or aria-disabled (which, unlike disabled, keeps focus). */
export function isInactive(button) {
  return button.dataset.busy === 'true' || button.getAttribute('aria-disabled') === 'true';
}

/** Marks a button inactive or active, keeping it focusable. */
export function setInactive(button, inactive) {
  if (inactive) button.setAttribute('aria-disabled', 'true');
  else if (button.dataset.busy !== 'true') button.removeAttribute('aria-disabled');
}
