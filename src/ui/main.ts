/** Entry of the web app: registers the elements. */
import './app-shell.ts';
