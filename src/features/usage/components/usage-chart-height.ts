/** The usage chart's height, shared with the placeholder drawn while it loads so the page does not jump. */
export const CHART_HEIGHT = 280;
