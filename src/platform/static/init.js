// Starts the GOV.UK Frontend and MoJ Frontend components on every page (loaded as an ES module).
import { initAll } from '/static/govuk-frontend.min.js';
import { initAll as initMoj } from '/static/moj-frontend.min.js';

initAll();
initMoj();
